package io.hostkeeper.exporter;

import io.hostkeeper.common.config.CollectorsConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The exporter's checks beyond binding, for {@code check-config} and startup: collector names that
 * do not exist, roots ({@code exporter.paths}) that are not readable directories, process groups
 * that an {@code enable} list keeps from running, a missing kernel log device when {@code kmsg}
 * is enabled, and a textfile directory that is a file or that an {@code enable} list keeps from
 * being read (a directory that does not exist yet is reported at scrape time instead).
 */
public final class ExporterConfigCheck {
  private ExporterConfigCheck() {}

  public static List<ConfigError> check(LoadedConfig loaded, ExporterConfig cfg, CollectorRegistry registry) {
    List<ConfigError> errors = new ArrayList<>();
    CollectorsConfig c = cfg.collectors();
    for (String[] unknown : registry.unknownNames(c)) {
      errors.add(loaded.errorAt("exporter.collectors." + unknown[0], "unknown collector \"" + unknown[1]
          + "\"; known collectors: " + String.join(", ", registry.knownNames())));
    }
    // The roots matter where the Linux collectors run, decided as the registry decides it; elsewhere
    // (OSHI collectors) only roots the user set are checked.
    boolean linux = HostRoots.of(cfg.paths()).hasLinuxProcfs();
    dir(loaded, errors, linux, "exporter.paths.procfs", cfg.paths().procfs());
    dir(loaded, errors, linux, "exporter.paths.sysfs", cfg.paths().sysfs());
    dir(loaded, errors, linux, "exporter.paths.rootfs", cfg.paths().rootfs());
    if (!cfg.processGroups().isEmpty() && !c.enable().isEmpty() && !c.enable().contains("processgroups")) {
      errors.add(loaded.errorAt("exporter.process_groups", "process groups are configured but exporter.collectors.enable"
          + " does not list processgroups; add it there, or remove process_groups"));
    }
    if (c.enable().contains("kmsg") && !Files.exists(cfg.paths().kmsg())) {
      errors.add(loaded.errorAt("exporter.paths.kmsg", "does not exist: " + cfg.paths().kmsg()
          + " (the kmsg collector reads the kernel log there; set the path or remove kmsg from collectors.enable)"));
    }
    Path textfiles = cfg.textfile().directory();
    if (textfiles != null && !c.enable().isEmpty() && !c.enable().contains("textfile")) {
      errors.add(loaded.errorAt("exporter.textfile.directory", "a textfile directory is set but exporter.collectors.enable"
          + " does not list textfile; add it there, or remove exporter.textfile.directory"));
    }
    if (textfiles != null && Files.exists(textfiles) && !Files.isDirectory(textfiles)) {
      errors.add(loaded.errorAt("exporter.textfile.directory", "not a directory: " + textfiles
          + " (point it at the directory your scripts write their .prom files to)"));
    }
    return errors;
  }

  private static void dir(LoadedConfig loaded, List<ConfigError> errors, boolean linux, String key, Path p) {
    if (!linux && loaded.lineOf(key) < 0) return;
    if (!Files.isDirectory(p)) {
      errors.add(loaded.errorAt(key, "not a directory: " + p + " (set it to where the host's tree is mounted)"));
    } else if (!Files.isReadable(p)) {
      errors.add(loaded.errorAt(key, "not readable: " + p + " (run as a user that can read it)"));
    }
  }
}

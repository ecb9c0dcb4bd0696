package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.ServiceConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watchdog's checks that need I/O, for {@code check-config} and start-up: the program of every
 * restart command can be found and executed (absolute/relative paths as given, bare names on
 * {@code PATH}, like {@link ProcessBuilder} does).
 */
public final class WatchdogChecks {
  private WatchdogChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded) {
    return check(loaded, Optional.ofNullable(System.getenv("PATH")).orElse(""));
  }

  static List<ConfigError> check(LoadedConfig loaded, String pathVariable) {
    List<ConfigError> errors = new ArrayList<>();
    HostkeeperConfig config = loaded.config();
    for (int i = 0; i < config.services().size(); i++) {
      ServiceConfig service = config.services().get(i);
      if (service.restart() == null) continue;
      boolean explicit = !service.restart().command().isEmpty();
      String systemctl = config.exporter() == null || config.exporter().paths() == null
          ? "systemctl" : config.exporter().paths().systemctl();
      String program = WatchdogJobs.restartCommand(service, systemctl).get(0);
      String problem = problem(program, pathVariable);
      if (problem == null) continue;
      if (explicit) {
        errors.add(loaded.errorAt("services[" + i + "].restart.command", problem));
      } else {
        errors.add(loaded.errorAt("services[" + i + "].restart", problem
            + " (the default restart of a systemd check uses exporter.paths.systemctl; set it, or give restart.command)"));
      }
    }
    return errors;
  }

  /** Null when {@code program} can be run, else what is wrong. */
  static String problem(String program, String pathVariable) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      if (!Files.exists(p)) return "restart program not found: " + program;
      if (Files.isDirectory(p) || !Files.isExecutable(p)) return "restart program is not executable: " + program;
      return null;
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return null;
    }
    return "restart program " + program + " is not on PATH (" + pathVariable + "); give its absolute path";
  }
}

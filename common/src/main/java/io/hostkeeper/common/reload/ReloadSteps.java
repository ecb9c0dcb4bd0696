package io.hostkeeper.common.reload;

import io.hostkeeper.common.config.CheckedConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;

/** The first steps of a reload, the same in both processes: read and check the file, say what changed. */
public final class ReloadSteps {
  private ReloadSteps() {}

  /**
   * Reads and checks the file as {@code check-config} does. On any problem, logs each one at
   * ERROR after a line saying the running configuration is kept, and returns empty.
   */
  public static Optional<LoadedConfig> readChecked(Optional<Path> file, Function<LoadedConfig, List<ConfigError>> checks,
      Logger log) {
    log.info("reloading the configuration");
    CheckedConfig checked = CheckedConfig.load(file, checks);
    if (checked.valid()) return Optional.of(checked.loaded());
    String source = source(checked, file);
    int n = checked.errors().size();
    log.error("reload: {} has {} problem{}; the running configuration is kept", source, n, n == 1 ? "" : "s");
    for (ConfigError e : checked.errors()) log.error("reload: {}: {}", source, e);
    return Optional.empty();
  }

  /** Logs what changed, one line per section ({@link ConfigDiff}); returns the lines, empty when nothing changed. */
  public static List<String> logChanges(HostkeeperConfig before, LoadedConfig after, Logger log) {
    List<String> changes = ConfigDiff.between(before, after.config());
    if (changes.isEmpty()) log.info("reload: {} has not changed", after.source());
    changes.forEach(c -> log.info("reload: {}", c));
    return changes;
  }

  private static String source(CheckedConfig checked, Optional<Path> file) {
    if (checked.source() != null) return checked.source();
    return file.map(Path::toString).orElse("the configuration");
  }
}

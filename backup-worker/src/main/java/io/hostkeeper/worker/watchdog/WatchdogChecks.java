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

  /**
   * Likely mistakes that do not stop the worker: a restart command that stays in the foreground
   * (see {@link ForegroundCommands}). Listed by check-config as warnings and logged at start.
   */
  public static List<ConfigError> warnings(LoadedConfig loaded) {
    List<ConfigError> warnings = new ArrayList<>();
    List<ServiceConfig> services = loaded.config().services();
    for (int i = 0; i < services.size(); i++) {
      if (services.get(i).restart() == null || services.get(i).restart().command().isEmpty()) continue;
      int at = i;
      ForegroundCommands.warning(services.get(i).restart().command()).ifPresent(why -> warnings.add(loaded.errorAt(
          "services[" + at + "].restart.command", why + ": the watchdog waits for the restart command to end and kills it"
              + " at restart.timeout, counting a failed restart; use a command that returns (systemctl restart UNIT)"
              + " or detaches (setsid -f ..., docker run -d ...)")));
    }
    return warnings;
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

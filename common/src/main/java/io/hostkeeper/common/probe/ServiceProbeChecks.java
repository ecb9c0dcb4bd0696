package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.PathsConfig;
import io.hostkeeper.common.config.ServiceConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The service checks' problems a config can have beyond its shape, for {@code check-config} and
 * start-up: a probe that cannot be built (an http URL without a host, a timeout of 0s, ...), and a
 * command check whose program cannot be found or run (as {@link ProcessBuilder} would look for it).
 */
public final class ServiceProbeChecks {
  private ServiceProbeChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded) {
    return check(loaded, Optional.ofNullable(System.getenv("PATH")).orElse(""));
  }

  static List<ConfigError> check(LoadedConfig loaded, String pathVariable) {
    HostkeeperConfig config = loaded.config();
    PathsConfig paths = config.exporter() == null || config.exporter().paths() == null
        ? new PathsConfig(Path.of("/proc"), Path.of("/sys"), Path.of("/"), "systemctl") : config.exporter().paths();
    ProbeSettings settings = ProbeSettings.forHost(paths);
    List<ConfigError> errors = new ArrayList<>();
    for (int i = 0; i < config.services().size(); i++) {
      ServiceConfig service = config.services().get(i);
      String at = "services[" + i + "].check." + service.check().kind();
      try {
        ServiceProbes.create(service, settings);
      } catch (IllegalArgumentException e) {
        errors.add(loaded.errorAt(at, e.getMessage()));
        continue;
      }
      if (service.check().command() != null) {
        String problem = programProblem(service.check().command().command().get(0), pathVariable);
        if (problem != null) errors.add(loaded.errorAt(at + ".command", problem));
      }
    }
    return errors;
  }

  /** Null when {@code program} can be started, else what is wrong and what to do. */
  static String programProblem(String program, String pathVariable) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      if (!Files.exists(p)) return "check program not found: " + program;
      if (Files.isDirectory(p) || !Files.isExecutable(p)) return "check program is not executable: " + program;
      return null;
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return null;
    }
    return "check program " + program + " is not on PATH; give its absolute path";
  }
}

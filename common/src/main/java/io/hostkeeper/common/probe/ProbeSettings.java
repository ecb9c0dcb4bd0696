package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.PathsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Host facts the probes need besides a service's own config.
 *
 * @param procfs where process checks read {@code <pid>/comm} and {@code <pid>/cmdline}; empty on
 *     hosts without procfs, where {@link ProcessHandle} is used instead
 * @param systemctl the systemctl binary for systemd checks (a name on PATH or an absolute path)
 * @param systemctlTimeout how long one batched {@code systemctl show} may take
 * @param killGrace how long a timed-out command gets between SIGTERM and SIGKILL
 */
public record ProbeSettings(Optional<Path> procfs, String systemctl, Duration systemctlTimeout, Duration killGrace) {

  public ProbeSettings {
    Objects.requireNonNull(procfs, "procfs");
    if (systemctl == null || systemctl.isBlank()) throw new IllegalArgumentException("systemctl must name a program");
    if (systemctlTimeout.isNegative() || systemctlTimeout.isZero()) throw new IllegalArgumentException("systemctlTimeout must be positive");
    if (killGrace.isNegative()) throw new IllegalArgumentException("killGrace must not be negative");
  }

  /** Settings for this host from the exporter's {@code paths:} (procfs only on Linux). */
  public static ProbeSettings forHost(PathsConfig paths) {
    return new ProbeSettings(com.sun.jna.Platform.isLinux() ? Optional.of(paths.procfs()) : Optional.empty(), paths.systemctl(),
        Duration.ofSeconds(5), Duration.ofSeconds(1));
  }

  /** Defaults for this host: {@code /proc} on Linux, {@code systemctl} from PATH. */
  public static ProbeSettings defaults() {
    return forHost(new PathsConfig(Path.of("/proc"), Path.of("/sys"), Path.of("/"), "systemctl"));
  }

  public ProbeSettings withSystemctl(String program) {
    return new ProbeSettings(procfs, program, systemctlTimeout, killGrace);
  }

  public ProbeSettings withProcfs(Optional<Path> root) {
    return new ProbeSettings(root, systemctl, systemctlTimeout, killGrace);
  }
}

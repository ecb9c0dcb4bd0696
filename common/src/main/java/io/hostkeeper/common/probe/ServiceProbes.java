package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.ServiceConfig;
import java.time.Duration;
import java.util.Objects;

/** Builds the {@link ServiceProbe} for a configured service's check kind. */
public final class ServiceProbes {
  private ServiceProbes() {}

  /**
   * The probe for {@code service}; validates (URL, timeouts, unit name) and does no I/O.
   *
   * @throws IllegalArgumentException with a message naming the service when the check cannot work
   */
  public static ServiceProbe create(ServiceConfig service, ProbeSettings settings) {
    Objects.requireNonNull(settings);
    String name = service.name();
    ServiceCheck c = service.check();
    if (c.http() != null) return new HttpProbe(name, c.http());
    if (c.tcp() != null) return new TcpProbe(name, c.tcp());
    if (c.systemd() != null) {
      return new SystemdProbe(name, c.systemd().unit(), systemctl(settings), settings.systemctlTimeout());
    }
    if (c.process() != null) return new ProcessProbe(name, c.process(), settings.procfs());
    if (c.dns() != null) return new DnsProbe(name, c.dns());
    return new CommandProbe(name, c.command(), settings.killGrace());
  }

  /** The systemctl reader the settings name (for batched reads of many units). */
  public static Systemctl systemctl(ProbeSettings settings) {
    return new Systemctl(settings.systemctl(), settings.killGrace());
  }

  /** A systemd check's result from a unit status read in a batch. */
  public static ProbeResult systemdResult(UnitStatus status, Duration took) {
    return SystemdProbe.resultOf(status, took);
  }

  /** The longest a check of this service may take (its own timeout), for callers that bound it. */
  public static Duration timeoutOf(ServiceConfig service, ProbeSettings settings) {
    ServiceCheck c = service.check();
    if (c.http() != null) return c.http().timeout();
    if (c.tcp() != null) return c.tcp().timeout();
    if (c.systemd() != null) return settings.systemctlTimeout();
    if (c.dns() != null) return c.dns().timeout();
    if (c.command() != null) return c.command().timeout().plus(settings.killGrace());
    return Duration.ofSeconds(5);
  }
}

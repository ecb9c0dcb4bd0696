package io.hostkeeper.common.probe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Up when the unit is active (or reloading). One {@code systemctl show} per check; the exporter's
 * collector instead reads all its units in one call and uses {@link #resultOf}.
 */
final class SystemdProbe implements ServiceProbe {
  private final String service;
  private final String unit;
  private final Systemctl systemctl;
  private final Duration timeout;

  SystemdProbe(String service, String unit, Systemctl systemctl, Duration timeout) {
    this.service = Objects.requireNonNull(service);
    this.unit = Objects.requireNonNull(unit);
    this.systemctl = Objects.requireNonNull(systemctl);
    this.timeout = Objects.requireNonNull(timeout);
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String kind() {
    return "systemd";
  }

  String unit() {
    return unit;
  }

  @Override
  public ProbeResult check() {
    Elapsed t = new Elapsed(timeout);
    Systemctl.Batch batch = systemctl.show(List.of(unit), timeout);
    if (batch.failed()) return t.down(batch.error());
    return resultOf(batch.units().get(unit), t.elapsed());
  }

  /** The result for a unit read elsewhere (e.g. in a batch). */
  static ProbeResult resultOf(UnitStatus status, Duration took) {
    return status.up() ? ProbeResult.up(took) : ProbeResult.down(took, status.reason());
  }
}

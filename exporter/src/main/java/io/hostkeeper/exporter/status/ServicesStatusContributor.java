package io.hostkeeper.exporter.status;

import io.hostkeeper.exporter.collector.ServiceStatusCollector;
import io.hostkeeper.exporter.collector.service.ServiceStatus;
import java.util.List;

/**
 * Puts the configured services into {@code /api/status}: one check per service, critical when down
 * (or its latest result is stale) with the reason as the detail, unknown until its first check has
 * finished. Reads the latest results of the service checker; never waits for a check.
 */
public final class ServicesStatusContributor implements StatusContributor {
  private final ServiceStatusCollector services;

  public ServicesStatusContributor(ServiceStatusCollector services) {
    this.services = services;
  }

  @Override
  public String name() {
    return "services";
  }

  @Override
  public List<StatusCheck> checks() {
    return services.lastStatus().stream().map(ServicesStatusContributor::toCheck).toList();
  }

  static StatusCheck toCheck(ServiceStatus s) {
    if (s.pending()) return StatusCheck.unknown("service:" + s.service(), s.reason());
    return new StatusCheck("service:" + s.service(), s.up() ? Level.OK : Level.CRITICAL, s.up() ? 1.0 : 0.0,
        null, null, null, s.up() ? s.check() + " check up" : s.reason());
  }
}

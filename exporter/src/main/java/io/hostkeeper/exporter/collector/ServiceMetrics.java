package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.probe.ProbeResult;
import io.hostkeeper.common.probe.UnitStatus;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service-status families of one scrape, built from the latest check results and unit states. Unit
 * families carry one series set per distinct unit; a unit that does not exist (LoadState
 * not-found) has none. {@code reloading} and {@code refreshing} count as {@code active}: both are
 * an active unit doing a chore.
 */
final class ServiceMetrics {
  static final List<String> UNIT_STATES = List.of("active", "activating", "deactivating", "inactive", "failed");
  private static final Map<String, String> STATE_ALIASES = Map.of("reloading", "active", "refreshing", "active");

  private final GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("hostkeeper_service_up")
      .help("Whether the service's check found it up (1) or down (0); the reason is logged and in /api/status");
  private final GaugeSnapshot.Builder duration = GaugeSnapshot.builder().name("hostkeeper_service_check_duration_seconds")
      .help("How long the service's last check took").unit(Unit.SECONDS);
  private final GaugeSnapshot.Builder checkedAt = GaugeSnapshot.builder().name("hostkeeper_service_last_check_timestamp_seconds")
      .help("When the service's latest check finished (checks run on their own schedule, not per scrape)").unit(Unit.SECONDS);
  private final GaugeSnapshot.Builder httpStatus = GaugeSnapshot.builder().name("hostkeeper_service_http_status_code")
      .help("HTTP status code of the last response to the service's http check");
  private final GaugeSnapshot.Builder unitState = GaugeSnapshot.builder().name("hostkeeper_systemd_unit_state")
      .help("systemd unit ActiveState, one-hot over active, activating, deactivating, inactive, failed");
  private final CounterSnapshot.Builder restarts = CounterSnapshot.builder().name("hostkeeper_systemd_unit_restarts")
      .help("Automatic restarts of the systemd unit by systemd (NRestarts)");
  private final Set<String> unitsSeen = new HashSet<>();
  private boolean anyHttp;
  private boolean anyUnit;
  private boolean anyRestarts;
  private boolean anyService;
  private boolean anyDuration;
  private boolean anyCheckedAt;

  void service(String service, String kind, ProbeResult r) {
    up(service, kind, r.up());
    anyDuration = true;
    duration.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("service", service))
        .value(r.duration().toNanos() / 1e9).build());
    if (r.httpStatus() != null && r.httpStatus().isPresent()) {
      anyHttp = true;
      httpStatus.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("service", service))
          .value(r.httpStatus().getAsInt()).build());
    }
  }

  /** A service whose latest result is too old to count: down, and nothing else from that result. */
  void stale(String service, String kind) {
    up(service, kind, false);
  }

  void checkedAt(String service, Instant at) {
    anyCheckedAt = true;
    checkedAt.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("service", service))
        .value(at.toEpochMilli() / 1000.0).build());
  }

  private void up(String service, String kind, boolean isUp) {
    anyService = true;
    up.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("service", service, "check", kind)).value(isUp ? 1 : 0).build());
  }

  void unit(UnitStatus u) {
    if (u.loadState().equals("not-found") || !unitsSeen.add(u.id())) return;
    String state = STATE_ALIASES.getOrDefault(u.activeState(), u.activeState());
    if (UNIT_STATES.contains(state)) {
      anyUnit = true;
      for (String s : UNIT_STATES) {
        unitState.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("unit", u.id(), "state", s))
            .value(s.equals(state) ? 1 : 0).build());
      }
    }
    if (u.restarts().isPresent()) {
      anyRestarts = true;
      restarts.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("unit", u.id()))
          .value(u.restarts().getAsLong()).build());
    }
  }

  List<MetricSnapshot> snapshots() {
    List<MetricSnapshot> out = new ArrayList<>();
    if (anyService) out.add(up.build());
    if (anyDuration) out.add(duration.build());
    if (anyCheckedAt) out.add(checkedAt.build());
    if (anyHttp) out.add(httpStatus.build());
    if (anyUnit) out.add(unitState.build());
    if (anyRestarts) out.add(restarts.build());
    return out;
  }
}

package io.hostkeeper.common.web;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code hostkeeper_web_auth_failures_total{reason}}: requests refused with 401 by basic auth,
 * {@code reason="missing"} (no or malformed credentials) or {@code "invalid"} (unknown user or wrong
 * password). Present only on a port with basic_auth_users.
 */
public final class WebAuthMetrics implements MultiCollector {
  public static final String NAME = "hostkeeper_web_auth_failures";

  private final LongAdder missing = new LongAdder();
  private final LongAdder invalid = new LongAdder();

  void failed(BasicAuth.Outcome outcome) {
    if (outcome == BasicAuth.Outcome.MISSING) missing.increment();
    else if (outcome == BasicAuth.Outcome.INVALID) invalid.increment();
  }

  public long failures() {
    return missing.sum() + invalid.sum();
  }

  /** The counter family. */
  public List<MetricSnapshot> snapshots() {
    return List.of(CounterSnapshot.builder().name(NAME)
        .help("Requests refused by basic auth (401), by reason: missing or invalid credentials.")
        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("reason", "invalid")).value(invalid.sum()).build())
        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("reason", "missing")).value(missing.sum()).build())
        .build());
  }

  @Override
  public MetricSnapshots collect() {
    return new MetricSnapshots(snapshots());
  }
}

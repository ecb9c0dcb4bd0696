package io.hostkeeper.exporter.scrape;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * What one collector returned in one collection: its families when it succeeded within its budget,
 * nothing when it failed (threw, overran, or was still busy with an earlier run).
 *
 * @param error why it failed, null on success
 */
public record CollectorResult(String name, boolean success, double durationSeconds, List<MetricSnapshot> snapshots,
    String error) {

  public CollectorResult {
    snapshots = success ? List.copyOf(snapshots) : List.of();
  }

  static CollectorResult ok(String name, double seconds, List<MetricSnapshot> snapshots) {
    return new CollectorResult(name, true, seconds, snapshots, null);
  }

  static CollectorResult failed(String name, double seconds, String error) {
    return new CollectorResult(name, false, seconds, List.of(), error);
  }
}

package io.hostkeeper.worker.backup.check;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code hostkeeper_backup_last_checked_timestamp_seconds}, {@code hostkeeper_backup_corrupt_archives}
 * and {@code hostkeeper_backup_last_verified_timestamp_seconds}, read from {@link CheckState} at
 * scrape time; absent until first recorded, absent when the state cannot be read.
 */
public final class CheckMetrics implements MultiCollector {
  private static final Map<PrometheusRegistry, CheckMetrics> REGISTERED = new WeakHashMap<>();

  private final CheckState state;
  private final List<String> backups;

  private CheckMetrics(CheckState state, List<String> backups) {
    this.state = state;
    this.backups = List.copyOf(backups);
  }

  public static synchronized CheckMetrics register(PrometheusRegistry registry, CheckState state, List<String> backups) {
    CheckMetrics existing = REGISTERED.get(registry);
    if (existing != null) return existing;
    CheckMetrics m = new CheckMetrics(state, backups);
    registry.register(m);
    REGISTERED.put(registry, m);
    return m;
  }

  @Override
  public MetricSnapshots collect() {
    var checked = GaugeSnapshot.builder().name("hostkeeper_backup_last_checked_timestamp_seconds")
        .help("When the stored archives of a backup were last re-read and compared with their manifests (Unix time)");
    var corrupt = GaugeSnapshot.builder().name("hostkeeper_backup_corrupt_archives")
        .help("Archives (local and remote) whose SHA-256 did not match their manifest at the last check");
    var verified = GaugeSnapshot.builder().name("hostkeeper_backup_last_verified_timestamp_seconds")
        .help("When a full decrypt-and-hash verify of a backup last passed (Unix time)");
    try {
      for (String b : backups) {
        Labels l = Labels.of("backup", b);
        state.find(b).ifPresent(r -> {
          if (r.lastChecked() != null) checked.dataPoint(point(l, r.lastChecked().toEpochMilli() / 1000.0));
          if (r.corrupt() != null) corrupt.dataPoint(point(l, r.corrupt()));
          if (r.lastVerified() != null) verified.dataPoint(point(l, r.lastVerified().toEpochMilli() / 1000.0));
        });
      }
    } catch (RuntimeException e) {
      return MetricSnapshots.of();
    }
    return MetricSnapshots.of(checked.build(), corrupt.build(), verified.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of("hostkeeper_backup_last_checked_timestamp_seconds", "hostkeeper_backup_corrupt_archives",
        "hostkeeper_backup_last_verified_timestamp_seconds");
  }

  private static GaugeDataPointSnapshot point(Labels l, double v) {
    return GaugeDataPointSnapshot.builder().labels(l).value(v).build();
  }
}

package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.prometheus.metrics.core.metrics.Counter;
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
 * Per-copy metrics. Last success and remote archive count come from {@link CopyState} at scrape
 * time (so a restart keeps them; absent until a first success, absent when the state cannot be
 * read); bytes and failures by reason are counted in memory, present at 0 from the start.
 */
public final class CopyMetrics implements MultiCollector {
  private static final Map<PrometheusRegistry, CopyMetrics> REGISTERED = new WeakHashMap<>();

  private final CopyState state;
  private final List<BackupConfig> backups;
  private final Counter bytes;
  private final Counter failures;

  private CopyMetrics(CopyState state, List<BackupConfig> backups, Counter bytes, Counter failures) {
    this.state = state;
    this.backups = List.copyOf(backups);
    this.bytes = bytes;
    this.failures = failures;
  }

  public static synchronized CopyMetrics register(PrometheusRegistry registry, CopyState state, List<BackupConfig> backups) {
    CopyMetrics existing = REGISTERED.get(registry);
    if (existing != null) return existing;
    Counter bytes = Counter.builder().name("hostkeeper_backup_copy_bytes_total")
        .help("Bytes uploaded to a backup's remote copy").labelNames("backup", "copy").register(registry);
    Counter failures = Counter.builder().name("hostkeeper_backup_copy_failures_total")
        .help("Failed syncs of a backup's remote copy by reason (unreachable, auth, host_key, no_space, permission, io, verify)")
        .labelNames("backup", "copy", "reason").register(registry);
    for (BackupConfig b : backups) {
      for (CopyConfig c : b.copies()) {
        bytes.labelValues(b.name(), c.name());
        for (CopyFailure.Reason r : CopyFailure.Reason.values()) failures.labelValues(b.name(), c.name(), r.label());
      }
    }
    CopyMetrics m = new CopyMetrics(state, backups, bytes, failures);
    registry.register(m);
    REGISTERED.put(registry, m);
    return m;
  }

  public void addBytes(String backup, String copy, long n) {
    if (n > 0) bytes.labelValues(backup, copy).inc(n);
  }

  public void countFailure(String backup, String copy, CopyFailure.Reason reason) {
    failures.labelValues(backup, copy, reason.label()).inc();
  }

  @Override
  public MetricSnapshots collect() {
    var lastSuccess = GaugeSnapshot.builder().name("hostkeeper_backup_copy_last_success_timestamp_seconds")
        .help("When a backup's remote copy was last brought up to date (Unix time)");
    var archives = GaugeSnapshot.builder().name("hostkeeper_backup_copy_archives")
        .help("Archives of the backup on the remote copy after its last successful sync");
    try {
      for (BackupConfig b : backups) {
        for (CopyConfig c : b.copies()) {
          Labels l = Labels.of("backup", b.name(), "copy", c.name());
          state.find(b.name(), c.name()).ifPresent(row -> {
            if (row.lastSuccess() != null) lastSuccess.dataPoint(point(l, row.lastSuccess().toEpochMilli() / 1000.0));
            if (row.remoteArchives() != null) archives.dataPoint(point(l, row.remoteArchives()));
          });
        }
      }
    } catch (RuntimeException e) {
      return MetricSnapshots.of();
    }
    return MetricSnapshots.of(lastSuccess.build(), archives.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of("hostkeeper_backup_copy_last_success_timestamp_seconds", "hostkeeper_backup_copy_archives");
  }

  private static GaugeDataPointSnapshot point(Labels l, double v) {
    return GaugeDataPointSnapshot.builder().labels(l).value(v).build();
  }
}

package io.hostkeeper.worker.backup;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Backup metrics of the catalogue. The gauges are read from the catalogue at scrape time, so after
 * a restart the last success is what the catalogue says (never a reset that looks like a missed
 * backup); if the catalogue cannot be read they are absent, not 0. Runs are counted in memory.
 */
public final class BackupMetrics implements MultiCollector {
  private static final Map<PrometheusRegistry, BackupMetrics> REGISTERED = new WeakHashMap<>();

  private final BackupCatalogue catalogue;
  private final List<String> backups;
  private final Map<String, Long> quotas;
  private final Counter runs;

  private BackupMetrics(BackupCatalogue catalogue, List<String> backups, Map<String, Long> quotas, Counter runs) {
    this.catalogue = catalogue;
    this.backups = List.copyOf(backups);
    this.quotas = Map.copyOf(quotas);
    this.runs = runs;
  }

  /** Registers once per registry; later calls return the registered instance. */
  public static synchronized BackupMetrics register(PrometheusRegistry registry, BackupCatalogue catalogue, List<String> backups) {
    return register(registry, catalogue, backups, Map.of());
  }

  /** @param quotas destination quota in bytes by backup name; a backup without one is left out */
  public static synchronized BackupMetrics register(PrometheusRegistry registry, BackupCatalogue catalogue, List<String> backups,
      Map<String, Long> quotas) {
    BackupMetrics existing = REGISTERED.get(registry);
    if (existing != null) return existing;
    Counter runs = Counter.builder().name("hostkeeper_backup_runs_total")
        .help("Backup runs by result (success, failure, skipped)").labelNames("backup", "result").register(registry);
    // Present at 0 from the start, so increase() and the failure alert see the first failure too.
    for (String b : backups) {
      runs.labelValues(b, "success");
      runs.labelValues(b, "failure");
    }
    BackupMetrics m = new BackupMetrics(catalogue, backups, quotas, runs);
    registry.register(m);
    REGISTERED.put(registry, m);
    return m;
  }

  public void countRun(String backup, String result) {
    runs.labelValues(backup, result).inc();
  }

  @Override
  public MetricSnapshots collect() {
    var lastSuccess = GaugeSnapshot.builder().name("hostkeeper_backup_last_success_timestamp_seconds")
        .help("When the newest archive in the catalogue was completed (Unix time)");
    var lastSize = GaugeSnapshot.builder().name("hostkeeper_backup_last_size_bytes")
        .help("Size of the newest archive in the catalogue");
    var lastDuration = GaugeSnapshot.builder().name("hostkeeper_backup_last_duration_seconds")
        .help("How long writing and verifying the newest archive took");
    var archives = GaugeSnapshot.builder().name("hostkeeper_backup_archives")
        .help("Archives in the catalogue");
    var used = GaugeSnapshot.builder().name("hostkeeper_backup_destination_used_bytes")
        .help("Sum of the catalogued archive sizes of the backup in its destination (side manifests not counted)");
    var quota = GaugeSnapshot.builder().name("hostkeeper_backup_destination_quota_bytes")
        .help("The backup's destination_quota; absent when none is set");
    List<GaugeSnapshot> out = new ArrayList<>();
    try {
      for (String b : backups) {
        Labels l = Labels.of("backup", b);
        archives.dataPoint(point(l, catalogue.count(b)));
        used.dataPoint(point(l, catalogue.list(b).stream().mapToLong(CatalogueEntry::sizeBytes).sum()));
        Long q = quotas.get(b);
        if (q != null) quota.dataPoint(point(l, q));
        catalogue.latest(b).ifPresent(e -> {
          lastSuccess.dataPoint(point(l, e.completedAt().toEpochMilli() / 1000.0));
          lastSize.dataPoint(point(l, e.sizeBytes()));
          lastDuration.dataPoint(point(l, e.durationSeconds()));
        });
      }
      out.addAll(List.of(lastSuccess.build(), lastSize.build(), lastDuration.build(), archives.build(), used.build(), quota.build()));
    } catch (RuntimeException e) {
      return MetricSnapshots.of(); // catalogue unreadable: absent, never 0
    }
    return MetricSnapshots.of(out.toArray(GaugeSnapshot[]::new));
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of("hostkeeper_backup_last_success_timestamp_seconds", "hostkeeper_backup_last_size_bytes",
        "hostkeeper_backup_last_duration_seconds", "hostkeeper_backup_archives", "hostkeeper_backup_destination_used_bytes",
        "hostkeeper_backup_destination_quota_bytes");
  }

  private static GaugeDataPointSnapshot point(Labels l, double v) {
    return GaugeDataPointSnapshot.builder().labels(l).value(v).build();
  }
}

package io.hostkeeper.worker.sqlite;

import io.hostkeeper.common.config.DatabaseConfig;
import io.hostkeeper.worker.job.ConfiguredJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite maintenance of one database: the configured steps, size before and after, and what each
 * step found, in the run's details; {@code hostkeeper_sqlite_*} metrics updated.
 */
public final class SqliteMaintenanceJob extends ConfiguredJob {
  private final DatabaseConfig config;
  private final String label;
  private final SqliteMetrics metrics;
  private final DiskSpace disk;

  /** @param metricsFile where the database's last metric values are kept across restarts (null: not kept) */
  public SqliteMaintenanceJob(DatabaseConfig config, String label, SqliteMetrics metrics, Path metricsFile, DiskSpace disk) {
    super("sqlite:" + label, config);
    if (config == null || metrics == null || disk == null) throw new IllegalArgumentException("SqliteMaintenanceJob needs all its dependencies");
    this.config = config;
    this.label = label;
    this.metrics = metrics;
    this.disk = disk;
    metrics.track(label, metricsFile);
  }

  public DatabaseConfig config() {
    return config;
  }


  @Override
  protected JobOutcome run(JobRunContext context) throws Exception {
    Path db = config.path();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("database", db.toString());
    List<StepResult> results;
    Long before = diskSize(db);
    if (before != null) details.put("size_before_bytes", before);
    try {
      results = new SqliteMaintenance(config, disk).run(context.clock().instant());
    } catch (SqliteMaintenance.Refused e) {
      return JobOutcome.failure(e.getMessage(), details);
    } catch (SqliteMaintenance.Busy e) {
      // Busy is not damage: no integrity value is recorded, the last known one stays.
      details.put("busy", true);
      details.put("busy_step", e.step);
      details.put("steps", e.done.stream().map(StepResult::toDetails).toList());
      return new JobOutcome(JobOutcome.Result.SKIPPED, e.getMessage(), details);
    }
    Long after = diskSize(db);
    Map<String, Double> values = new LinkedHashMap<>();
    if (after != null) {
      details.put("size_after_bytes", after);
      values.put(SqliteMetrics.SIZE, after.doubleValue());
    }
    List<Map<String, Object>> steps = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int ok = 0;
    for (StepResult r : results) {
      steps.add(r.toDetails());
      switch (r.status()) {
        case OK -> ok++;
        case FAILED -> failed.add(r.step() + ": " + r.summary());
        case SKIPPED -> skipped.add(r.step() + ": " + r.summary());
      }
      if (r.step().equals("integrity_check") || r.step().equals("quick_check")) {
        if (r.found().get("ok") instanceof Boolean good) values.put(SqliteMetrics.INTEGRITY, good ? 1.0 : 0.0);
      }
      if (r.step().equals("vacuum") && r.status() == StepResult.Status.OK) {
        values.put(SqliteMetrics.RECLAIMED, ((Number) r.found().get("reclaimed_bytes")).doubleValue());
      }
    }
    details.put("steps", steps);
    try {
      metrics.record(label, values);
    } catch (IOException e) {
      details.put("notes", List.of("could not keep the metric values across restarts: " + e.getMessage()));
    }
    String tail = skipped.isEmpty() ? "" : "; skipped " + String.join("; ", skipped);
    if (!failed.isEmpty()) return JobOutcome.failure(String.join("; ", failed) + tail, details);
    if (ok == 0 && !skipped.isEmpty()) return new JobOutcome(JobOutcome.Result.SKIPPED, "nothing done" + tail, details);
    return JobOutcome.success(ok + " step(s) done" + (before != null && after != null ? ", " + before + " B -> " + after + " B" : "") + tail, details);
  }

  /** Main file plus WAL; null when unreadable. */
  static Long diskSize(Path db) {
    try {
      long size = Files.size(db);
      Path wal = db.resolveSibling(db.getFileName() + "-wal");
      if (Files.exists(wal)) size += Files.size(wal);
      return size;
    } catch (IOException e) {
      return null;
    }
  }
}

package io.hostkeeper.worker.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.DatabaseConfig;
import io.hostkeeper.common.config.DatabaseConfig.SqliteStep;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds {@code BEGIN EXCLUSIVE} longer than busy_timeout during maintenance: the
 * run is skipped as busy, and the database is never reported damaged (integrity_ok stays what it was).
 */
class LockedDatabaseMaintenanceTest {
  private static final Instant NOW = Instant.parse("2026-11-21T05:00:00Z");
  @TempDir Path dir;
  private final PrometheusRegistry registry = new PrometheusRegistry();

  @Test
  void anExclusiveLockHeldPastBusyTimeoutIsBusyNotDamage() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
      s.execute("INSERT INTO t(body) VALUES ('a'), ('b')");
    }
    SqliteMaintenanceJob job = job(db);
    assertEquals(JobOutcome.Result.SUCCESS, job.run(ctx()).result(), "unlocked, the check passes");
    assertEquals(Optional.of(1.0), gauge("hostkeeper_sqlite_integrity_ok"));

    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = holder.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      s.execute("INSERT INTO t(body) VALUES ('held')");
      JobOutcome out = job.run(ctx());
      assertEquals(JobOutcome.Result.SKIPPED, out.result(), out.toString());
      assertTrue(out.message().contains("busy"), out.message());
      assertFalse(out.message().contains("damaged"), out.message());
      assertEquals(true, out.details().get("busy"));
      assertEquals(Optional.of(1.0), gauge("hostkeeper_sqlite_integrity_ok"), "a busy database keeps its last integrity value");
      s.execute("ROLLBACK");
    }
  }

  @Test
  void aDatabaseNeverCheckedStaysWithoutAnIntegrityValueWhileBusy() throws Exception {
    Path db = dir.resolve("fresh.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    }
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = holder.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      s.execute("INSERT INTO t(id) VALUES (1)");
      JobOutcome out = job(db).run(ctx());
      assertEquals(JobOutcome.Result.SKIPPED, out.result(), out.toString());
      assertEquals(Optional.empty(), gauge("hostkeeper_sqlite_integrity_ok"), "absent, never 0");
      s.execute("ROLLBACK");
    }
  }

  private SqliteMaintenanceJob job(Path db) {
    DatabaseConfig c = new DatabaseConfig(db, "app", Schedule.parse("@weekly"),
        List.of(SqliteStep.INTEGRITY_CHECK, SqliteStep.VACUUM, SqliteStep.OPTIMIZE), List.of(), Duration.ofMillis(200), null, true);
    return new SqliteMaintenanceJob(c, "app", SqliteMetrics.in(registry), dir.resolve("app.metrics"), DiskSpace.REAL);
  }

  private static JobRunContext ctx() {
    return new JobRunContext(1, NOW, Clock.fixed(NOW, ZoneOffset.UTC), false);
  }

  private Optional<Double> gauge(String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals(name) && !s.getDataPoints().isEmpty()) {
        return Optional.of(((GaugeSnapshot) s).getDataPoints().get(0).getValue());
      }
    }
    return Optional.empty();
  }
}

package io.hostkeeper.worker.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.DatabaseConfig;
import io.hostkeeper.common.config.DatabaseConfig.SqliteStep;
import io.hostkeeper.common.config.DeleteOlderThan;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMaintenanceJobTest {
  private static final Instant NOW = Instant.parse("2026-11-21T05:00:00Z");
  private static final Schedule WEEKLY = new Schedule("@weekly", "0 0 0 ? * SUN", null);
  @TempDir Path dir;
  @TempDir Path metricsDir;
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private SqliteMaintenanceJob job(Path db, DiskSpace disk, List<SqliteStep> steps, List<DeleteOlderThan> rules) {
    DatabaseConfig c = new DatabaseConfig(db, "app", WEEKLY, steps, rules, Duration.ofSeconds(30), null, true);
    return new SqliteMaintenanceJob(c, "app", SqliteMetrics.in(registry), metricsDir.resolve("app.metrics"), disk);
  }

  private static JobRunContext ctx() {
    return new JobRunContext(1, NOW, Clock.fixed(NOW, ZoneOffset.UTC), false);
  }

  private static Connection connect(Path db) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 30000");
      s.execute("PRAGMA synchronous = NORMAL");
    }
    return c;
  }

  /** A WAL database with a table of padded rows, most of them deleted so VACUUM has work to do. */
  private Path bloated(String mode) throws SQLException {
    Path db = dir.resolve("app.db");
    try (Connection c = connect(db); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = " + mode);
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
      s.execute("CREATE INDEX t_body ON t(body)");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(body) VALUES (?)")) {
        for (int i = 0; i < 4000; i++) {
          ps.setString(1, "row " + i + " " + "x".repeat(400));
          ps.executeUpdate();
        }
      }
      c.commit();
      s.execute("DELETE FROM t WHERE id % 10 != 0");
      c.commit();
    }
    return db;
  }

  @Test
  void allStepsRecordWhatTheyFoundAndSizesBeforeAndAfter() throws Exception {
    Path db = bloated("wal");
    JobOutcome out = job(db, DiskSpace.REAL, List.of(SqliteStep.INTEGRITY_CHECK, SqliteStep.WAL_CHECKPOINT, SqliteStep.VACUUM,
        SqliteStep.ANALYZE, SqliteStep.OPTIMIZE, SqliteStep.REINDEX, SqliteStep.QUICK_CHECK), List.of()).run(ctx());
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.toString());
    long before = (Long) out.details().get("size_before_bytes");
    long after = (Long) out.details().get("size_after_bytes");
    assertTrue(after < before / 2, before + " -> " + after);
    Map<String, Object> vacuum = step(out, "vacuum");
    long reclaimed = (Long) found(vacuum).get("reclaimed_bytes");
    assertTrue(reclaimed > 1_000_000, vacuum.toString());
    assertEquals(7, steps(out).size());
    assertEquals(1.0, gauge("hostkeeper_sqlite_integrity_ok"));
    assertEquals((double) reclaimed, gauge("hostkeeper_sqlite_last_vacuum_reclaimed_bytes"));
    assertEquals((double) after, gauge("hostkeeper_sqlite_size_bytes"));
    try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      assertEquals(400, rs.getInt(1));
    }
  }

  @Test
  void vacuumWaitsForAConcurrentWriterAndLosesNoRow() throws Exception {
    for (String mode : List.of("wal", "delete")) {
      Path db = bloated(mode);
      AtomicLong inserted = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      Thread writer = new Thread(() -> {
        try (Connection c = connect(db); PreparedStatement ps = c.prepareStatement("INSERT INTO t(body) VALUES (?)")) {
          while (!stop.get()) {
            ps.setString(1, "concurrent " + inserted.get());
            ps.executeUpdate();
            inserted.incrementAndGet();
            Thread.sleep(1);
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      writer.start();
      while (inserted.get() < 50 && failure.get() == null) Thread.sleep(1);
      JobOutcome out = job(db, DiskSpace.REAL, List.of(SqliteStep.VACUUM, SqliteStep.INTEGRITY_CHECK), List.of()).run(ctx());
      long during = inserted.get();
      stop.set(true);
      writer.join(30_000);
      assertNull(failure.get(), () -> "writer failed: " + failure.get());
      assertEquals(JobOutcome.Result.SUCCESS, out.result(), mode + ": " + out);
      try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t WHERE body LIKE 'concurrent %'")) {
        rs.next();
        long rows = rs.getLong(1);
        assertTrue(rows >= during && rows <= inserted.get() + 1, mode + ": rows " + rows + ", inserted " + inserted.get());
      }
      Files.delete(db);
      Files.deleteIfExists(dir.resolve("app.db-wal"));
      Files.deleteIfExists(dir.resolve("app.db-shm"));
    }
  }

  @Test
  void notEnoughDiskSkipsVacuumWithTheReason() throws Exception {
    Path db = bloated("wal");
    long size = Files.size(db);
    JobOutcome out = job(db, d -> size - 1, List.of(SqliteStep.VACUUM), List.of()).run(ctx());
    assertEquals(JobOutcome.Result.SKIPPED, out.result());
    assertTrue(out.message().contains("not enough free disk") && out.message().contains((size - 1) + " B are available"), out.message());
    assertEquals(size, Files.size(db), "nothing was rewritten");
    assertFalse(registry.scrape().stream().anyMatch(s -> s.getMetadata().getName().equals("hostkeeper_sqlite_last_vacuum_reclaimed_bytes")
        && !s.getDataPoints().isEmpty()), "no reclaimed figure without a vacuum");
  }

  @Test
  void aCorruptedDatabaseFailsItsIntegrityCheckAndIsNotModified() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = connect(db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
      s.execute("CREATE INDEX t_body ON t(body)");
      s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t(body) SELECT 'row ' || i || printf('%.200c', 'y') FROM n");
    }
    long pageSize = 4096;
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      byte[] garbage = new byte[(int) pageSize];
      new Random(7).nextBytes(garbage);
      long pages = f.length() / pageSize;
      f.seek(pageSize * (pages / 2)); // a page in the middle of the table's b-tree
      f.write(garbage);
    }
    String cli = run(RealStack.require("sqlite3", "sqlite3").toString(), db.toString(), "PRAGMA integrity_check;");
    assertNotEquals("ok", cli.strip(), "the sqlite3 binary agrees the file is damaged");

    byte[] bytes = Files.readAllBytes(db);
    JobOutcome out = job(db, DiskSpace.REAL, List.of(SqliteStep.INTEGRITY_CHECK, SqliteStep.VACUUM), List.of()).run(ctx());
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().contains("the database is damaged"), out.message());
    assertEquals(0.0, gauge("hostkeeper_sqlite_integrity_ok"));
    assertEquals("skipped", step(out, "vacuum").get("result"));
    assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(db)), "a damaged database is left untouched");

    PrometheusRegistry afterRestart = new PrometheusRegistry();
    new SqliteMaintenanceJob(new DatabaseConfig(db, "app", WEEKLY, List.of(SqliteStep.INTEGRITY_CHECK), List.of(), Duration.ofSeconds(30), null, true),
        "app", SqliteMetrics.in(afterRestart), metricsDir.resolve("app.metrics"), DiskSpace.REAL);
    assertTrue(afterRestart.scrape().stream().anyMatch(m -> m.getMetadata().getName().equals("hostkeeper_sqlite_integrity_ok")
        && ((GaugeSnapshot) m).getDataPoints().get(0).getValue() == 0.0), "a restarted worker still reports the damage");
  }

  @Test
  void deleteOlderThanRemovesOldRowsInBoundedBatches() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = connect(db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, ts INTEGER, at TEXT)");
      long old = NOW.minus(Duration.ofDays(40)).getEpochSecond();
      long recent = NOW.minus(Duration.ofDays(1)).getEpochSecond();
      s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) INSERT INTO events(ts, at) SELECT " + old
          + ", '2026-10-01 00:00:00' FROM n");
      s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO events(ts, at) SELECT " + recent
          + ", '2026-11-20T00:00:00Z' FROM n");
    }
    JobOutcome out = job(db, DiskSpace.REAL, List.of(SqliteStep.DELETE_OLDER_THAN),
        List.of(new DeleteOlderThan("events", "ts", Duration.ofDays(30), 1000))).run(ctx());
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> ts = (Map<String, Object>) found(step(out, "delete_older_than")).get("events.ts");
    assertEquals(2500L, ts.get("deleted_rows"));
    assertEquals(3, ts.get("batches"));

    try (Connection c = connect(db); Statement s = c.createStatement()) {
      s.execute("UPDATE events SET ts = NULL");
      s.execute("INSERT INTO events(at) VALUES ('2020-01-01T00:00:00Z')");
    }
    JobOutcome text = job(db, DiskSpace.REAL, List.of(SqliteStep.DELETE_OLDER_THAN),
        List.of(new DeleteOlderThan("events", "at", Duration.ofDays(30), 10))).run(ctx());
    @SuppressWarnings("unchecked")
    Map<String, Object> at = (Map<String, Object>) found(step(text, "delete_older_than")).get("events.at");
    assertEquals(1L, at.get("deleted_rows"), "ISO-8601 text timestamps are compared as dates");

    JobOutcome missing = job(db, DiskSpace.REAL, List.of(SqliteStep.DELETE_OLDER_THAN),
        List.of(new DeleteOlderThan("evnts", "ts", Duration.ofDays(30), 10))).run(ctx());
    assertEquals(JobOutcome.Result.FAILURE, missing.result());
    assertTrue(missing.message().contains("no table \"evnts\""), missing.message());
  }

  @Test
  void badInputIsAClearRecordedFailure() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.db"), "this is not a database, just some notes\n".repeat(200));
    assertFailure(text, "is not an SQLite 3 database");
    assertFailure(Files.createDirectory(dir.resolve("folder.db")), "is a directory");
    Path absent = dir.resolve("absent.db");
    assertFailure(absent, "does not exist");
    assertFalse(Files.exists(absent), "maintenance never creates a database");
  }

  /** As root, permission bits do not apply; the immutable attribute stops root too (skipped where unsupported). */
  @Test
  void aDatabaseWithoutWritePermissionIsAClearFailure() throws Exception {
    Path db = bloated("delete");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      Process p = new ProcessBuilder("chattr", "+i", db.toString()).redirectErrorStream(true).start();
      org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "chattr +i is not supported on this file system");
    } else {
      Files.setPosixFilePermissions(db, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
    }
    try {
      assertFailure(db, "permission denied");
    } finally {
      if (root) new ProcessBuilder("chattr", "-i", db.toString()).start().waitFor();
    }
  }

  private void assertFailure(Path db, String expected) throws Exception {
    JobOutcome out = job(db, DiskSpace.REAL, List.of(SqliteStep.INTEGRITY_CHECK, SqliteStep.VACUUM), List.of()).run(ctx());
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.toString());
    assertTrue(out.message().contains(expected), out.message());
    assertTrue(out.message().contains(db.toString()), "names the file: " + out.message());
  }

  private static String run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(JobOutcome out) {
    return (List<Map<String, Object>>) out.details().get("steps");
  }

  private static Map<String, Object> step(JobOutcome out, String name) {
    return steps(out).stream().filter(s -> s.get("step").equals(name)).findFirst().orElseThrow(() -> new AssertionError("no step " + name + " in " + out));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> found(Map<String, Object> step) {
    return (Map<String, Object>) step.get("found");
  }

  private double gauge(String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals(name)) return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
    }
    throw new AssertionError("no " + name);
  }
}

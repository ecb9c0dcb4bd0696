package io.hostkeeper.worker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
  @TempDir Path dir;
  final Instant t0 = Instant.parse("2026-03-01T02:00:00Z");

  RunHistory open() {
    return new RunHistory(StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi(), BusyRetry.standard());
  }

  @Test
  void schemaIsVersionedAndPragmasApply() {
    Jdbi jdbi = StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi();
    StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi(); // idempotent
    jdbi.useHandle(h -> {
      assertEquals(StateDatabase.CORE_STEPS.size(), h.createQuery("PRAGMA user_version").mapTo(Integer.class).one());
      assertEquals("wal", h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
      assertEquals(1, h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one());
      assertEquals(1, h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one()); // NORMAL
      assertEquals(2000, h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one());
    });
  }

  @Test
  void anOlderSchemaIsMigratedKeepingItsRows() {
    Jdbi v1 = StateDatabase.jdbi(dir.resolve(StateDatabase.FILE_NAME), Duration.ofSeconds(2));
    v1.useHandle(h -> {
      try (java.sql.Statement st = h.getConnection().createStatement()) {
        st.executeUpdate(StateDatabase.CORE_STEPS.get(0));
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      h.execute("PRAGMA user_version = 1");
      h.execute("INSERT INTO runs (job, trigger, started_at, result) VALUES ('backup:app', 'schedule', 1, 'success')");
    });
    RunHistory h = open();
    assertEquals("success", h.lastRun("backup:app").orElseThrow().result());
    PauseStore pauses = new PauseStore(StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi(), BusyRetry.standard());
    pauses.pause("backup:app", t0);
    pauses.pause("backup:app", t0.plusSeconds(5)); // keeps the first time
    assertEquals(java.util.Map.of("backup:app", t0), pauses.load());
    pauses.resume("backup:app");
    assertTrue(pauses.load().isEmpty());
  }

  @Test
  void newerSchemaIsRefused() {
    Jdbi jdbi = StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi();
    jdbi.useHandle(h -> h.execute("UPDATE schema_versions SET version = 99 WHERE area = 'core'"));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi());
    assertTrue(e.getMessage().contains("upgrade the worker"), e.getMessage());
  }

  @Test
  void areaMigrationsLiveNextToTheCoreSchema() {
    Jdbi jdbi = StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi();
    StateDatabase.migrate(jdbi, "test", List.of("CREATE TABLE t (id INTEGER)"));
    StateDatabase.migrate(jdbi, "test", List.of("CREATE TABLE t (id INTEGER)", "ALTER TABLE t ADD COLUMN x TEXT"));
    jdbi.useHandle(h -> h.execute("INSERT INTO t (id, x) VALUES (1, 'a')"));
    assertEquals(Integer.valueOf(StateDatabase.CORE_STEPS.size()),
        jdbi.withHandle(h -> h.createQuery("PRAGMA user_version").mapTo(Integer.class).one()));
  }

  @Test
  void startFinishAndRead() {
    RunHistory h = open();
    long id = h.start("backup:app", "schedule", t0, t0.plusMillis(5));
    RunRecord running = h.lastRun("backup:app").orElseThrow();
    assertEquals("running", running.result());
    assertFalse(running.finished());
    assertTrue(h.lastFinished("backup:app").isEmpty());
    h.finish(id, t0.plusSeconds(3), "success", "ok", "{\"bytes\":12}");
    RunRecord done = h.lastFinished("backup:app").orElseThrow();
    assertEquals(id, done.id());
    assertEquals("success", done.result());
    assertEquals(t0, done.scheduledAt());
    assertEquals(t0.plusSeconds(3), done.endedAt());
    assertEquals("{\"bytes\":12}", done.details());
    assertEquals(Optional.of(t0.plusSeconds(3)), h.lastSuccess("backup:app"));
    assertTrue(h.lastSuccess("logs:x").isEmpty());
    assertTrue(h.hasRuns("backup:app"));
    assertFalse(h.hasRuns("logs:x"));
  }

  @Test
  void resultsOutsideTheListAreRejectedByTheSchema() {
    RunHistory h = open();
    long id = h.start("backup:app", "manual", null, t0);
    assertThrows(RuntimeException.class, () -> h.finish(id, t0, "bogus", null, null));
  }

  @Test
  void historySurvivesReopening() {
    RunHistory first = open();
    long id = first.start("backup:app", "schedule", t0, t0);
    first.finish(id, t0.plusSeconds(1), "failure", "disk full", null);
    RunHistory second = open();
    RunRecord r = second.lastRun("backup:app").orElseThrow();
    assertEquals("failure", r.result());
    assertEquals("disk full", r.message());
  }

  @Test
  void runningRowsAreMarkedInterrupted() {
    RunHistory h = open();
    long a = h.start("backup:app", "schedule", t0, t0);
    long b = h.start("logs:nginx", "schedule", t0, t0);
    h.finish(b, t0.plusSeconds(1), "success", "ok", null);
    List<RunRecord> marked = h.markInterrupted(t0.plusSeconds(60), Optional.empty());
    assertEquals(List.of(a), marked.stream().map(RunRecord::id).toList());
    RunRecord r = h.lastRun("backup:app").orElseThrow();
    assertEquals("interrupted", r.result());
    assertEquals(t0.plusSeconds(60), r.endedAt());
    assertEquals("success", h.lastRun("logs:nginx").orElseThrow().result());
    assertTrue(h.markInterrupted(t0.plusSeconds(61), Optional.empty()).isEmpty());
  }

  @Test
  void pagesNewestFirst() {
    RunHistory h = open();
    for (int i = 0; i < 7; i++) {
      long id = h.start("backup:app", "schedule", t0.plusSeconds(i), t0.plusSeconds(i));
      h.finish(id, t0.plusSeconds(i), "success", "run " + i, null);
    }
    h.start("other:x", "schedule", t0, t0);
    List<RunRecord> page1 = h.runs("backup:app", 3, Optional.empty());
    assertEquals(List.of("run 6", "run 5", "run 4"), page1.stream().map(RunRecord::message).toList());
    List<RunRecord> page2 = h.runs("backup:app", 3, Optional.of(page1.get(2).id()));
    assertEquals(List.of("run 3", "run 2", "run 1"), page2.stream().map(RunRecord::message).toList());
    List<RunRecord> page3 = h.runs("backup:app", 3, Optional.of(page2.get(2).id()));
    assertEquals(List.of("run 0"), page3.stream().map(RunRecord::message).toList());
  }

  @Test
  void pruneDeletesOldFinishedRunsOnly() {
    RunHistory h = open();
    long old = h.start("backup:app", "schedule", null, t0.minus(Duration.ofDays(100)));
    h.finish(old, t0.minus(Duration.ofDays(100)), "success", "old", null);
    h.start("backup:stuck", "schedule", null, t0.minus(Duration.ofDays(100))); // still running: kept
    long recent = h.start("backup:app", "schedule", null, t0.minus(Duration.ofDays(10)));
    h.finish(recent, t0.minus(Duration.ofDays(10)), "success", "recent", null);
    assertEquals(1, h.prune(t0.minus(Duration.ofDays(90))));
    assertEquals(List.of("recent"), h.runs("backup:app", 10, Optional.empty()).stream().map(RunRecord::message).toList());
    assertEquals(1, h.runs("backup:stuck", 10, Optional.empty()).size());
  }

  @Test
  void pruneJobUsesTheRetention() throws Exception {
    RunHistory h = open();
    long old = h.start("backup:app", "schedule", null, t0.minus(Duration.ofDays(8)));
    h.finish(old, t0.minus(Duration.ofDays(8)), "success", "old", null);
    HistoryPruneJob job = new HistoryPruneJob(h, Duration.ofDays(7));
    var outcome = new io.hostkeeper.worker.job.JobRunner(h, new io.hostkeeper.worker.metrics.JobMetrics(
        new io.prometheus.metrics.model.registry.PrometheusRegistry(), List.of(job.name()), n -> Optional.empty()),
        java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC))
        .run(job, io.hostkeeper.worker.job.RunTrigger.MANUAL, null);
    assertEquals(io.hostkeeper.worker.job.JobOutcome.Result.SUCCESS, outcome);
    assertTrue(h.runs("backup:app", 10, Optional.empty()).isEmpty());
    RunRecord pruneRun = h.lastRun("history:prune").orElseThrow();
    assertTrue(pruneRun.details().contains("\"deleted\":1"), pruneRun.details());
    assertThrows(IllegalArgumentException.class, () -> new HistoryPruneJob(h, Duration.ZERO));
    assertNull(null);
  }
}

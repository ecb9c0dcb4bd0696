package io.hostkeeper.worker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.RunTrigger;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.hostkeeper.worker.testing.TestJob;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another process holding the write lock (as a sqlite3 shell in a transaction would). */
class LockedDatabaseTest {
  @TempDir Path dir;

  Connection lockWrites() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StateDatabase.FILE_NAME));
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("INSERT INTO runs (job, trigger, started_at, result) VALUES ('lock:holder', 'manual', 0, 'running')");
    }
    return c;
  }

  static void rollback(Connection c) throws java.sql.SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    }
  }

  @Test
  void busyIsRetriedUntilTheLockGoesAway() throws Exception {
    Jdbi jdbi = StateDatabase.open(dir, Duration.ofMillis(50)).jdbi();
    Connection holder = lockWrites();
    AtomicInteger retries = new AtomicInteger();
    RunHistory history = new RunHistory(jdbi, new BusyRetry(5, Duration.ofMillis(10), (attempt, cause) -> {
      retries.incrementAndGet();
      try {
        rollback(holder);
        holder.close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }));
    long id = history.start("backup:app", "schedule", null, Instant.EPOCH);
    assertTrue(id > 0);
    assertEquals(1, retries.get());
  }

  @Test
  void retriesAreBounded() throws Exception {
    Jdbi jdbi = StateDatabase.open(dir, Duration.ofMillis(20)).jdbi();
    try (Connection holder = lockWrites()) {
      AtomicInteger retries = new AtomicInteger();
      RunHistory history = new RunHistory(jdbi, new BusyRetry(3, Duration.ofMillis(5), (a, e) -> retries.incrementAndGet()));
      RuntimeException e = assertThrows(RuntimeException.class, () -> history.start("backup:app", "schedule", null, Instant.EPOCH));
      assertTrue(BusyRetry.isBusy(e), e.toString());
      assertEquals(2, retries.get());
      rollback(holder);
    }
  }

  @Test
  void aLockedDatabaseIsNotFatalForARun() throws Exception {
    Jdbi jdbi = StateDatabase.open(dir, Duration.ofMillis(20)).jdbi();
    RunHistory history = new RunHistory(jdbi, new BusyRetry(2, Duration.ofMillis(5), (a, e) -> {}));
    PrometheusRegistry registry = new PrometheusRegistry();
    TestJob job = new TestJob("backup:app", TestJob.every(Duration.ofHours(1)));
    JobRunner runner = new JobRunner(history, new JobMetrics(registry, List.of(job.name()), n -> Optional.empty()),
        Clock.systemUTC());
    io.hostkeeper.worker.job.JobOutcome.Result result;
    try (Connection holder = lockWrites()) {
      result = runner.run(job, RunTrigger.MANUAL, null); // neither start nor end row can be written
      rollback(holder);
    }
    assertEquals(io.hostkeeper.worker.job.JobOutcome.Result.SUCCESS, result);
    assertEquals(1, job.runs.get());
    assertTrue(history.lastRun("backup:app").isEmpty(), "nothing could be recorded while locked");
    // the next run records normally once the lock is gone
    assertEquals(io.hostkeeper.worker.job.JobOutcome.Result.SUCCESS, runner.run(job, RunTrigger.MANUAL, null));
    assertEquals("success", history.lastRun("backup:app").orElseThrow().result());
  }

  @Test
  void aRunWhoseStartWasLockedIsRecordedAtTheEnd() throws Exception {
    Jdbi jdbi = StateDatabase.open(dir, Duration.ofMillis(20)).jdbi();
    Connection holder = lockWrites();
    RunHistory history = new RunHistory(jdbi, new BusyRetry(2, Duration.ofMillis(5), (a, e) -> {}));
    TestJob job = new TestJob("backup:app", TestJob.every(Duration.ofHours(1))) {
      @Override
      protected io.hostkeeper.worker.job.JobOutcome run(io.hostkeeper.worker.job.JobRunContext context) throws Exception {
        rollback(holder); // the lock goes away while the job runs
        holder.close();
        return super.run(context);
      }
    };
    JobRunner runner = new JobRunner(history, new JobMetrics(new PrometheusRegistry(), List.of(job.name()),
        n -> Optional.empty()), Clock.systemUTC());
    assertEquals(io.hostkeeper.worker.job.JobOutcome.Result.SUCCESS, runner.run(job, RunTrigger.SCHEDULE, null));
    RunRecord r = history.lastRun("backup:app").orElseThrow();
    assertEquals("success", r.result());
    assertEquals("schedule", r.trigger());
  }
}

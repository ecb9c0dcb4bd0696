package io.hostkeeper.worker.logs;

import static io.hostkeeper.worker.logs.LogFixtures.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.RunTrigger;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.hostkeeper.worker.testing.LogCapture;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 item 9: an {@code @every} log entry that is not due is quiet (DEBUG, no row); a rotation is not. */
class FrequentLogCheckNoiseTest {
  private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");
  @TempDir Path dir;
  @TempDir Path state;
  @TempDir Path hist;

  @Test
  void aNotDueCheckIsDebugWithoutARowARotationIsInfoWithOne() throws Exception {
    Path live = dir.resolve("app.log");
    Files.writeString(live, "small\n");
    LogRotateJob job = job(Logs.log(live.toString()).schedule(Schedule.every(Duration.ofMinutes(1))).size(1000).build(),
        state, new PrometheusRegistry());
    RunHistory history = new RunHistory(StateDatabase.open(hist, Duration.ofSeconds(2)).jdbi(), BusyRetry.standard());
    JobRunner runner = new JobRunner(history, new JobMetrics(new PrometheusRegistry(), List.of(job.name()), n -> Optional.empty()),
        Clock.fixed(T0, ZoneOffset.UTC));
    try (LogCapture log = new LogCapture(JobRunner.class)) {
      for (int i = 0; i < 3; i++) assertEquals(io.hostkeeper.worker.job.JobOutcome.Result.SUCCESS, runner.run(job, RunTrigger.SCHEDULE, T0));
      assertEquals(List.of(), log.atLeast(Level.INFO), "not due: nothing at INFO");
      assertEquals(List.of(), history.runs(job.name(), 10, Optional.empty()), "not due: no row");

      Files.writeString(live, "x".repeat(2000));
      assertEquals(io.hostkeeper.worker.job.JobOutcome.Result.SUCCESS, runner.run(job, RunTrigger.SCHEDULE, T0));
      assertFalse(log.atLeast(Level.INFO).isEmpty(), "a rotation is logged");
      assertEquals(1, history.runs(job.name(), 10, Optional.empty()).size(), "a rotation is a row");
    }
  }

  @Test
  void aDailyEntryStaysRecordedEvenWhenNothingIsDue() throws Exception {
    Path live = dir.resolve("daily.log");
    Files.writeString(live, "day 1\n");
    LogRotateJob job = job(Logs.log(live.toString()).build(), state, new PrometheusRegistry());
    job.run(LogFixtures.context(T0, false));
    Files.writeString(live, "day 1, later\n");
    JobOutcome again = job.run(LogFixtures.context(T0.plusSeconds(60), false));
    assertFalse(again.routine(), "only frequent (@every) checks are routine: " + again);
    assertTrue(again.result() == JobOutcome.Result.SUCCESS, again.toString());
  }
}

package io.hostkeeper.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.TestJob;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {
  @TempDir Path dir;
  final Instant t0 = Instant.parse("2026-03-01T02:00:00Z");
  RunHistory history;
  PrometheusRegistry registry;
  JobRunner runner;

  @BeforeEach
  void setUp() {
    history = new RunHistory(StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi(), BusyRetry.standard());
    registry = new PrometheusRegistry();
    runner = new JobRunner(history, new JobMetrics(registry, List.of("backup:app", "logs:x"), n -> Optional.empty()),
        Clock.fixed(t0, ZoneOffset.UTC));
  }

  String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void successIsRecordedWithDetailsAndMetrics() throws Exception {
    TestJob job = new TestJob("backup:app", TestJob.every(Duration.ofHours(1)));
    assertEquals(JobOutcome.Result.SUCCESS, runner.run(job, RunTrigger.MANUAL, t0));
    RunRecord r = history.lastRun("backup:app").orElseThrow();
    assertEquals("success", r.result());
    assertEquals("manual", r.trigger());
    assertEquals("{\"run\":1,\"manual\":true}".length(), r.details().length());
    assertTrue(r.details().contains("\"manual\":true"), r.details());
    String text = scrape();
    assertTrue(text.contains("hostkeeper_job_runs_total{job=\"backup:app\",result=\"success\"} 1.0"), text);
    assertTrue(text.contains("hostkeeper_job_last_success_timestamp_seconds{job=\"backup:app\"} " + (double) t0.getEpochSecond()), text);
    assertTrue(text.contains("hostkeeper_job_running{job=\"backup:app\"} 0.0"), text);
    // never-run job: counters at 0, no timestamps (absent, not 0)
    assertTrue(text.contains("hostkeeper_job_runs_total{job=\"logs:x\",result=\"failure\"} 0.0"), text);
    assertTrue(!text.contains("hostkeeper_job_last_success_timestamp_seconds{job=\"logs:x\"}"), text);
  }

  @Test
  void exceptionsBecomeFailuresWithTheMessage() throws Exception {
    TestJob job = new TestJob("backup:app", TestJob.every(Duration.ofHours(1)));
    job.failWith = new IllegalStateException("destination /backups is full");
    assertEquals(JobOutcome.Result.FAILURE, runner.run(job, RunTrigger.SCHEDULE, t0));
    RunRecord r = history.lastRun("backup:app").orElseThrow();
    assertEquals("failure", r.result());
    assertEquals("destination /backups is full", r.message());
    assertTrue(scrape().contains("hostkeeper_job_runs_total{job=\"backup:app\",result=\"failure\"} 1.0"));
    assertTrue(!scrape().contains("hostkeeper_job_last_success_timestamp_seconds{job=\"backup:app\"}"));
  }

  @Test
  void errorsAndNullOutcomesAreFailuresToo() {
    HostkeeperJob oom = new HostkeeperJob("logs:x") {
      @Override public io.hostkeeper.common.config.Schedule schedule() { return io.hostkeeper.common.config.Schedule.DISABLED; }
      @Override protected JobOutcome run(JobRunContext c) { throw new StackOverflowError(); }
    };
    assertEquals(JobOutcome.Result.FAILURE, runner.run(oom, RunTrigger.MANUAL, null));
    assertEquals("StackOverflowError", history.lastRun("logs:x").orElseThrow().message());
    HostkeeperJob nothing = new HostkeeperJob("logs:x") {
      @Override public io.hostkeeper.common.config.Schedule schedule() { return io.hostkeeper.common.config.Schedule.DISABLED; }
      @Override protected JobOutcome run(JobRunContext c) { return null; }
    };
    assertEquals(JobOutcome.Result.FAILURE, runner.run(nothing, RunTrigger.MANUAL, null));
    assertEquals("the job returned no outcome", history.lastRun("logs:x").orElseThrow().message());
  }

  @Test
  void failureMessagesAreOneUsefulLine() {
    assertEquals("disk full", JobRunner.failureMessage(new IllegalStateException("disk full")));
    assertEquals("NullPointerException", JobRunner.failureMessage(new NullPointerException()));
    assertEquals("ArithmeticException: / by zero", JobRunner.failureMessage(new ArithmeticException("/ by zero")));
    assertEquals("/var/backups: permission denied",
        JobRunner.failureMessage(new java.nio.file.AccessDeniedException("/var/backups")));
    assertEquals("/x.db: no such file or directory", JobRunner.failureMessage(new java.nio.file.NoSuchFileException("/x.db")));
    assertEquals("broken pipe", JobRunner.failureMessage(new java.io.IOException("broken pipe")));
  }

  @Test
  void skippedAndUnserialisableDetails() {
    HostkeeperJob odd = new HostkeeperJob("logs:x") {
      @Override public io.hostkeeper.common.config.Schedule schedule() { return io.hostkeeper.common.config.Schedule.DISABLED; }
      @Override protected JobOutcome run(JobRunContext c) {
        return new JobOutcome(JobOutcome.Result.SKIPPED, "nothing to rotate", Map.of("self", new Object()));
      }
    };
    assertEquals(JobOutcome.Result.SKIPPED, runner.run(odd, RunTrigger.MANUAL, null));
    RunRecord r = history.lastRun("logs:x").orElseThrow();
    assertEquals("skipped", r.result());
  }

  @Test
  void aSecondConcurrentRunIsRefused() throws Exception {
    TestJob job = new TestJob("backup:app", TestJob.every(Duration.ofHours(1)));
    job.release = new CountDownLatch(1);
    Thread t = new Thread(() -> runner.run(job, RunTrigger.SCHEDULE, t0));
    t.start();
    assertTrue(job.started.await(30, java.util.concurrent.TimeUnit.SECONDS), "the first run never started");
    Poll.until("run id recorded", () -> runner.active("backup:app").map(a -> a.runId() > 0).orElse(false));
    assertTrue(scrape().contains("hostkeeper_job_running{job=\"backup:app\"} 1.0"));
    assertEquals("running", history.lastRun("backup:app").orElseThrow().result());
    assertEquals(JobOutcome.Result.SKIPPED, runner.run(job, RunTrigger.MANUAL, t0));
    job.release.countDown();
    t.join(30_000);
    assertFalse(t.isAlive(), "the first run never ended");
    assertEquals(1, job.runs.get());
    assertEquals(1, history.runs("backup:app", 10, Optional.empty()).size());
  }
}

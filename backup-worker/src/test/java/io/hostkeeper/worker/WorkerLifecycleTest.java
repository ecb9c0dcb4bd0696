package io.hostkeeper.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.testing.Http;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.TestConfigs;
import io.hostkeeper.worker.testing.TestJob;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real worker: Quartz with second-level schedules, restarts, catch-up, start-up failures. */
class WorkerLifecycleTest {
  @TempDir Path dir;

  Worker start(TestJob... jobs) throws WorkerStartException {
    WorkerModules modules = new WorkerModules(List.of(ctx -> List.of(jobs)), List.of());
    return Worker.start(TestConfigs.worker(dir), dir, Clock.systemUTC(), modules, Worker.Options.defaults());
  }

  static String metrics(Worker w) {
    return Http.get(w.metricsPort(), "/metrics", null).body();
  }

  @Test
  void secondLevelScheduleRunsRepeatedlyNeverConcurrently() throws Exception {
    TestJob job = new TestJob("watchdog:web", Schedule.every(Duration.ofSeconds(1)));
    try (Worker w = start(job)) {
      Poll.until("three scheduled runs", () -> w.history().runs("watchdog:web", 10, Optional.empty()).stream()
          .filter(r -> r.result().equals("success")).count() >= 3);
      RunRecord r = w.history().lastFinished("watchdog:web").orElseThrow();
      assertEquals("schedule", r.trigger());
      assertTrue(r.scheduledAt() != null);
      assertTrue(metrics(w).contains("hostkeeper_job_next_run_timestamp_seconds{job=\"watchdog:web\"}"));
    }
    assertEquals(1, job.maxConcurrent.get());
  }

  @Test
  void historyAndMetricsSurviveARestart() throws Exception {
    TestJob job = new TestJob("backup:app", Schedule.every(Duration.ofHours(1)));
    Instant success;
    try (Worker w = start(job)) {
      w.scheduler().runNow("backup:app");
      Poll.until("manual run", () -> w.history().lastFinished("backup:app").isPresent());
      success = w.history().lastSuccess("backup:app").orElseThrow();
      assertTrue(metrics(w).contains("hostkeeper_job_runs_total{job=\"backup:app\",result=\"success\"} 1"));
    }
    TestJob again = new TestJob("backup:app", Schedule.every(Duration.ofHours(1)));
    try (Worker w = start(again)) {
      assertEquals(Optional.of(success), w.history().lastSuccess("backup:app"));
      String text = metrics(w);
      double expected = success.toEpochMilli() / 1000.0;
      String line = text.lines().filter(l -> l.startsWith("hostkeeper_job_last_success_timestamp_seconds{job=\"backup:app\"}"))
          .findFirst().orElseThrow(() -> new AssertionError(text));
      assertEquals(expected, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), 0.001);
      assertTrue(text.contains("hostkeeper_job_last_run_timestamp_seconds{job=\"backup:app\"}"));
      assertTrue(text.contains("hostkeeper_job_last_duration_seconds{job=\"backup:app\"}"));
      assertFalse(text.contains("hostkeeper_job_last_success_timestamp_seconds{job=\"history:prune\"}"));
      assertTrue(text.contains("jvm_memory_used_bytes"), "JVM metrics are served");
      assertEquals(0, again.runs.get(), "last success within the period: no catch-up");
    }
  }

  @Test
  void runningRowsFromACrashAreMarkedInterrupted() throws Exception {
    try (Worker w = start()) {
      w.history().start("backup:app", "schedule", null, Instant.now().minusSeconds(5)); // as a killed worker leaves it
    }
    TestJob job = new TestJob("backup:app", Schedule.every(Duration.ofHours(1)), false);
    try (Worker w = start(job)) {
      RunRecord r = w.history().lastRun("backup:app").orElseThrow();
      assertEquals("interrupted", r.result());
      assertTrue(r.message().contains("stopped during this run"), r.message());
      String text = metrics(w);
      assertTrue(text.contains("hostkeeper_job_running{job=\"backup:app\"} 0"), text);
      assertTrue(text.contains("hostkeeper_job_runs_total{job=\"backup:app\",result=\"interrupted\"} 1"), text);
    }
  }

  @Test
  void anOverdueJobCatchesUpOnceAtStart() throws Exception {
    try (Worker w = start()) {
      RunHistory h = w.history();
      long id = h.start("backup:app", "schedule", null, Instant.now().minus(Duration.ofHours(3)));
      h.finish(id, Instant.now().minus(Duration.ofHours(3)), "success", "old", null);
      long id2 = h.start("backup:fresh", "schedule", null, Instant.now().minus(Duration.ofMinutes(10)));
      h.finish(id2, Instant.now().minus(Duration.ofMinutes(10)), "success", "recent", null);
    }
    TestJob overdue = new TestJob("backup:app", Schedule.every(Duration.ofHours(1)));
    TestJob fresh = new TestJob("backup:fresh", Schedule.every(Duration.ofHours(1)));
    TestJob optOut = new TestJob("backup:optout", Schedule.every(Duration.ofHours(1)), false);
    TestJob brandNew = new TestJob("backup:new", Schedule.every(Duration.ofHours(1)));
    try (Worker w = start(overdue, fresh, optOut, brandNew)) {
      Poll.until("catch-up run", () -> w.history().lastFinished("backup:app").map(r -> r.trigger().equals("catch-up")).orElse(false));
      assertEquals(1, overdue.runs.get());
      assertEquals(0, fresh.runs.get());
      assertEquals(0, optOut.runs.get());
      assertEquals(0, brandNew.runs.get());
    }
  }

  @Test
  void catchUpAfterResumeWhenTheJobWasMissed() throws Exception {
    TestJob job = new TestJob("watchdog:web", Schedule.every(Duration.ofMillis(300)));
    try (Worker w = start(job)) {
      Poll.until("first run", () -> w.history().lastSuccess("watchdog:web").isPresent());
      w.scheduler().pauseAll();
      Poll.until("no run in progress", () -> !w.runner().isRunning("watchdog:web"));
      int before = job.runs.get();
      Instant last = w.history().lastSuccess("watchdog:web").orElseThrow();
      // A slot missed by less than Quartz's misfire threshold (5 s) is fired by Quartz itself on
      // resume; the worker's own catch-up decides only beyond it. Pause past it, so that the run
      // after the resume can only come from the catch-up check.
      Poll.until("the misfire threshold passes", Duration.ofSeconds(30), () -> Instant.now().isAfter(last.plusMillis(5_600)));
      long lastId = w.history().runs("watchdog:web", 1, java.util.Optional.empty()).get(0).id();
      w.scheduler().resumeAll();
      // An ordinary fire later on would also raise the run count, so the count alone cannot tell.
      Poll.until("a catch-up run after the resume", () -> w.history().runs("watchdog:web", 50, java.util.Optional.empty())
          .stream().anyMatch(r -> r.id() > lastId && r.trigger().equals("catch-up") && r.finished()));
      assertTrue(job.runs.get() > before);
      assertEquals(1, job.maxConcurrent.get());
    }
  }

  @Test
  void pausesSurviveARestart() throws Exception {
    TestJob daily = new TestJob("backup:app", TestJob.dailyAt2());
    TestJob other = new TestJob("logs:app", TestJob.dailyAt2());
    try (Worker w = start(daily, other)) {
      w.scheduler().pause("backup:app");
      w.scheduler().pauseAll();
    }
    try (Worker w = start(new TestJob("backup:app", TestJob.dailyAt2()), new TestJob("logs:app", TestJob.dailyAt2()))) {
      assertTrue(w.scheduler().isPaused(), "scheduler still paused");
      assertTrue(w.scheduler().isPaused("backup:app"));
      assertFalse(w.scheduler().isPaused("logs:app"));
      assertTrue(w.scheduler().nextRun("logs:app").isEmpty(), "nothing fires while the scheduler is paused");
      w.scheduler().resumeAll();
      assertTrue(w.scheduler().nextRun("logs:app").isPresent());
      assertTrue(w.scheduler().nextRun("backup:app").isEmpty(), "the job's own pause stays");
      String text = metrics(w);
      assertFalse(text.contains("hostkeeper_job_next_run_timestamp_seconds{job=\"backup:app\"}"), "absent while paused");
      assertTrue(text.contains("hostkeeper_job_next_run_timestamp_seconds{job=\"logs:app\"}"), text);
      w.scheduler().resume("backup:app");
    }
    try (Worker w = start(new TestJob("backup:app", TestJob.dailyAt2()))) {
      assertFalse(w.scheduler().isPaused());
      assertFalse(w.scheduler().isPaused("backup:app"));
      assertTrue(w.scheduler().nextRun("backup:app").isPresent());
    }
  }

  @Test
  void oneWorkerPerDataDirectory() throws Exception {
    try (Worker first = start()) {
      WorkerStartException e = assertThrows(WorkerStartException.class, this::start);
      assertTrue(e.getMessage().startsWith("another worker is already running with data directory " + dir
          + " (pid " + ProcessHandle.current().pid() + ")"), e.getMessage());
      assertEquals(200, Http.get(first.adminPort(), "/health", null).statusCode(), "the first one is unharmed");
    }
    try (Worker again = start()) {
      assertEquals(List.of("history:prune"), again.scheduler().names(), "the lock is released at stop");
    }
  }

  @Test
  void noJobsConfiguredStillStarts() throws Exception {
    try (Worker w = start()) {
      assertEquals(List.of("history:prune"), w.scheduler().names());
      assertEquals(200, Http.get(w.adminPort(), "/health", null).statusCode());
    }
  }

  @Test
  void tokenIsGeneratedPrivateAndReused() throws Exception {
    String first;
    try (Worker w = start()) {
      Path file = dir.resolve("admin.token");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      first = Files.readString(file).trim();
      assertTrue(first.length() >= 40);
      assertEquals(200, Http.get(w.adminPort(), "/api/jobs", first).statusCode());
    }
    try (Worker w = start()) {
      assertEquals(first, Files.readString(dir.resolve("admin.token")).trim());
    }
  }

  @Test
  void startUpFailuresAreOneClearLine() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      WorkerStartException admin = assertThrows(WorkerStartException.class, () -> Worker.start(
          TestConfigs.worker(dir, new AdminConfig(new HostPort("127.0.0.1", port), null, null)), dir, Clock.systemUTC(),
          new WorkerModules(List.of(), List.of()), Worker.Options.defaults()));
      assertEquals("worker admin API cannot listen on 127.0.0.1:" + port + " (worker.admin.listen): the address is already in use;"
          + " stop the other process or choose another port", admin.getMessage());
      WorkerStartException metrics = assertThrows(WorkerStartException.class, () -> Worker.start(
          TestConfigs.worker(dir, new AdminConfig(new HostPort("127.0.0.1", 0), null, null), new HostPort("127.0.0.1", port)),
          dir, Clock.systemUTC(), new WorkerModules(List.of(), List.of()), Worker.Options.defaults()));
      assertTrue(metrics.getMessage().startsWith("worker metrics cannot listen on 127.0.0.1:" + port + " (worker.metrics_listen): "
          + "the address is already in use"), metrics.getMessage());
    }
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    WorkerStartException data = assertThrows(WorkerStartException.class, () -> Worker.start(TestConfigs.worker(file),
        file, Clock.systemUTC(), new WorkerModules(List.of(), List.of()), Worker.Options.defaults()));
    assertTrue(data.getMessage().startsWith("worker.data_dir " + file + " is not a writable directory"), data.getMessage());
    assertFalse(data.getMessage().contains("\n"));

    WorkerStartException open = assertThrows(WorkerStartException.class, () -> Worker.start(
        TestConfigs.worker(dir, new AdminConfig(new HostPort("0.0.0.0", 0), null, null)), dir, Clock.systemUTC(),
        new WorkerModules(List.of(), List.of()), Worker.Options.defaults()));
    assertTrue(open.getMessage().contains("not a loopback address, but no admin token is configured"), open.getMessage());

    WorkerStartException missing = assertThrows(WorkerStartException.class, () -> Worker.start(
        TestConfigs.worker(dir, new AdminConfig(new HostPort("127.0.0.1", 0), dir.resolve("nope.token"), null)), dir,
        Clock.systemUTC(), new WorkerModules(List.of(), List.of()), Worker.Options.defaults()));
    assertTrue(missing.getMessage().startsWith("worker.admin.token_file: cannot read " + dir.resolve("nope.token")),
        missing.getMessage());

    WorkerStartException dup = assertThrows(WorkerStartException.class, () -> start(
        new TestJob("backup:app", Schedule.DISABLED), new TestJob("backup:app", Schedule.DISABLED)));
    assertTrue(dup.getMessage().contains("two jobs are named backup:app"), dup.getMessage());
  }
}

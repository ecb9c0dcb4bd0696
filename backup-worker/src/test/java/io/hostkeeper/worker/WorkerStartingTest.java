package io.hostkeeper.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.common.config.Secret;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import io.hostkeeper.worker.testing.Http;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.TestConfigs;
import io.hostkeeper.worker.testing.TestJob;
import io.hostkeeper.worker.testing.WorkerCliRun;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's ports open before its scheduler starts (the metrics port first, so the first
 * scrape comes early). Held in that moment by an area's start-up work, both ports answer as the
 * started worker would: a run asked for starts with the scheduler, a stored pause is a pause.
 */
class WorkerStartingTest {
  private static final String TOKEN = "worker-starting-test-token-0123456789";

  @TempDir Path dir;
  private final ExecutorService starter = Executors.newSingleThreadExecutor();
  private final CountDownLatch atStart = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private int adminPort;
  private int metricsPort;
  private HostkeeperConfig config;

  @BeforeEach
  void ports() throws Exception {
    adminPort = WorkerCliRun.freePort();
    metricsPort = WorkerCliRun.freePort();
    config = TestConfigs.worker(dir, new AdminConfig(new HostPort("127.0.0.1", adminPort), null, new Secret(TOKEN)),
        new HostPort("127.0.0.1", metricsPort));
  }

  @AfterEach
  void stop() {
    release.countDown();
    starter.shutdownNow();
  }

  /** Starts a worker whose start-up work waits for {@link #release}; returns once the ports are open and it waits. */
  private Future<Worker> startHeld(HostkeeperJob job) throws Exception {
    JobProvider held = new JobProvider() {
      @Override
      public List<HostkeeperJob> jobs(WorkerContext context) {
        return List.of(job);
      }

      @Override
      public List<String> atStart(WorkerContext context) {
        atStart.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return List.of();
      }
    };
    WorkerModules modules = new WorkerModules(List.of(held), List.of());
    Future<Worker> worker = starter.submit(() -> Worker.start(config, dir, Clock.systemUTC(), modules, Worker.Options.defaults()));
    assertTrue(atStart.await(60, TimeUnit.SECONDS), "the worker reached its start-up work");
    return worker;
  }

  private HttpResponse<String> admin(String method, String path) {
    return Http.send(adminPort, method, path, TOKEN);
  }

  @Test
  void aRunAskedForBeforeTheSchedulerStartsIsAcceptedAndStartsWithIt() throws Exception {
    TestJob job = new TestJob("backup:app", Schedule.parse("0 3 * * *"), false);
    Future<Worker> starting = startHeld(job);

    HttpResponse<String> run = admin("POST", "/api/jobs/backup:app/run");
    assertEquals(202, run.statusCode(), run.body());
    HttpResponse<String> again = admin("POST", "/api/jobs/backup:app/run");
    assertEquals(409, again.statusCode(), again.body());
    assertTrue(again.body().contains("already about to run"), again.body());
    HttpResponse<String> jobs = admin("GET", "/api/jobs");
    assertEquals(200, jobs.statusCode(), jobs.body());
    assertTrue(jobs.body().contains("\"scheduler\":\"running\""), jobs.body());
    assertEquals(200, admin("GET", "/health").statusCode());
    HttpResponse<String> page = Http.get(metricsPort, "/", null);
    assertEquals(200, page.statusCode(), page.body());
    HttpResponse<String> metrics = Http.get(metricsPort, "/metrics", null);
    assertEquals(200, metrics.statusCode());
    assertFalse(metrics.body().contains("hostkeeper_job_next_run_timestamp_seconds{job=\"backup:app\"}"),
        "no next run before the scheduler has one: absent, not a made-up value");
    assertEquals(0, job.runs.get(), "nothing runs before the scheduler starts");

    release.countDown();
    try (Worker w = starting.get(60, TimeUnit.SECONDS)) {
      Poll.until("the run asked for during start-up", () -> w.history().lastFinished("backup:app").isPresent());
      assertEquals("manual", w.history().lastFinished("backup:app").orElseThrow().trigger());
      assertEquals(1, job.runs.get());
    }
  }

  @Test
  void storedPausesAreAnsweredBeforeTheSchedulerStarts() throws Exception {
    try (Worker w = Worker.start(config, dir, Clock.systemUTC(),
        new WorkerModules(List.of(ctx -> List.of(new TestJob("backup:app", Schedule.parse("0 3 * * *"), false))), List.of()),
        Worker.Options.defaults())) {
      w.scheduler().pause("backup:app");
      w.scheduler().pauseAll();
    }
    TestJob job = new TestJob("backup:app", Schedule.parse("0 3 * * *"), false);
    Future<Worker> starting = startHeld(job);

    HttpResponse<String> jobs = admin("GET", "/api/jobs");
    assertEquals(200, jobs.statusCode(), jobs.body());
    assertTrue(jobs.body().contains("\"scheduler\":\"paused\""), jobs.body());
    assertTrue(jobs.body().contains("\"state\":\"paused\""), jobs.body());
    HttpResponse<String> run = admin("POST", "/api/jobs/backup:app/run");
    assertEquals(409, run.statusCode(), run.body());
    assertTrue(admin("GET", "/health").body().contains("\"scheduler\":\"paused\""));
    assertEquals(200, Http.get(metricsPort, "/", null).statusCode());

    release.countDown();
    try (Worker w = starting.get(60, TimeUnit.SECONDS)) {
      assertTrue(w.scheduler().isPaused());
      assertTrue(w.scheduler().isPaused("backup:app"));
      assertEquals(0, job.runs.get());
    }
  }
}

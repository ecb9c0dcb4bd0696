package io.hostkeeper.worker.watchdog;

import static io.hostkeeper.worker.watchdog.WatchdogFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.HttpCheck;
import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.StatusRange;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.testing.Poll;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a real HTTP service (a child JVM on 127.0.0.1) watched through the real http probe,
 * killed, and started again by its configured restart command (a script that launches it).
 */
class WatchdogEndToEndTest {

  @TempDir Path dir;
  int port;
  Path pidFile;
  Path startLog;
  Path startScript;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @BeforeEach
  void setUp() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    pidFile = dir.resolve("web.pid");
    startLog = dir.resolve("starts.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    String classes = Path.of(TinyHttpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    startScript = dir.resolve("start-web");
    Files.writeString(startScript, "#!/bin/sh\n"
        + "rm -f '" + pidFile + "'\n"
        + "echo start >> '" + startLog + "'\n"
        + "nohup '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx32m -cp '" + classes + "' "
        + TinyHttpServer.class.getName() + " " + port + " '" + pidFile + "' >> '" + dir.resolve("web.out") + "' 2>&1 < /dev/null &\n"
        + "echo launched web\n");
    startScript.toFile().setExecutable(true);
  }

  @AfterEach
  void stopService() throws Exception {
    if (Files.exists(pidFile)) kill();
  }

  private ServiceConfig web(RestartConfig rc) {
    // The probe's timeout is well above the check interval: on a loaded machine a healthy but slow
    // answer must not count as a failure (that made an extra restart). A killed service is refused
    // at once, so detection does not wait for the timeout.
    HttpCheck check = new HttpCheck("http://127.0.0.1:" + port + "/health", "GET", new StatusRange(200, 299), null,
        Duration.ofSeconds(5), true, 0);
    return new ServiceConfig("web", new ServiceCheck(check, null, null, null, null, null), rc);
  }

  private boolean up() {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(1)).build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** Waits here include a child JVM's start or a restart: a deadline, not a timing assertion. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private void startService() throws Exception {
    assertEquals(0, new ProcessBuilder(startScript.toString()).start().waitFor());
    Poll.until("web to answer", WAIT, this::up);
  }

  /** Kills the service this test started (its pid file is written by the child itself). */
  private void kill() throws Exception {
    Poll.until("the pid file", WAIT, () -> Files.exists(pidFile));
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Files.delete(pidFile);
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    Poll.until("web to die", WAIT, () -> exited(pid));
  }

  /**
   * Gone, or a zombie waiting for init to reap it (its sockets are closed by then). The service is
   * not our child (the start script exits), so isAlive() alone would wait for the reaping.
   */
  private static boolean exited(long pid) {
    if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) return true;
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException e) {
      return true;
    }
  }

  @Test
  void killedServiceIsRestartedThenGivenUpOnAndTheGiveUpSurvivesAWorkerRestart() throws Exception {
    FakeClock clock = new FakeClock(WatchdogFixture.t0());
    WatchdogFixture fx = new WatchdogFixture(dir, clock);
    fx.probeFactory = WatchdogJobs::hostProbe;
    RestartConfig rc = Policies.config(List.of(startScript.toString()), 2, Duration.ofSeconds(1), Duration.ofSeconds(30),
        Policies.backoff(10, 2, 60, 0), 2, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(30));
    fx.start(web(rc));
    startService();
    assertEquals("healthy", fx.run("web").details().get("state"));

    for (int restart = 1; restart <= 2; restart++) {
      kill();
      clock.advance(Duration.ofSeconds(1));
      JobOutcome first = fx.run("web");
      assertEquals("failing", first.details().get("state"), "restart " + restart + ": debounced");
      clock.advance(Duration.ofSeconds(1));
      JobOutcome second = fx.run("web");
      assertEquals(JobOutcome.Result.SUCCESS, second.result(), second.message());
      @SuppressWarnings("unchecked") Map<String, Object> cmd = (Map<String, Object>) second.details().get("restart");
      assertEquals(0, cmd.get("exit_status"));
      assertEquals("launched web", cmd.get("output_tail"));
      Poll.until("web to be back", WAIT, this::up);
      clock.advance(Duration.ofSeconds(31));
      assertEquals("healthy", fx.run("web").details().get("state"));
    }
    assertEquals(3, lines(startLog), "started once by the test, twice by the watchdog");

    kill();
    clock.advance(Duration.ofSeconds(1));
    fx.run("web");
    clock.advance(Duration.ofSeconds(1));
    JobOutcome gaveUp = fx.run("web");
    assertEquals("gave_up", gaveUp.details().get("state"), gaveUp.message());
    assertEquals(JobOutcome.Result.FAILURE, gaveUp.result());
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      fx.run("web");
    }
    assertEquals(3, lines(startLog));
    assertFalse(up());

    // the worker restarts: new area over the same state DB
    Map<String, ServiceWatchdog> again = fx.start(web(rc));
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertEquals("gave_up", fx.run("web").details().get("state"));
    }
    assertEquals(3, lines(startLog), "not restarted again after the worker restart");
    assertFalse(up());

    again.get("web").rearm();
    clock.advance(Duration.ofSeconds(1));
    fx.run("web");
    clock.advance(Duration.ofSeconds(1));
    JobOutcome resumed = fx.run("web");
    assertEquals(JobOutcome.Result.SUCCESS, resumed.result(), resumed.message());
    Poll.until("web to be back after re-arm", WAIT, this::up);
    clock.advance(Duration.ofSeconds(31));
    assertEquals("healthy", fx.run("web").details().get("state"));
    assertEquals(4, lines(startLog));
  }

  static final long[] PHASES_MILLIS = {150, 500, 850};

  /** One watchdog run as the scheduler would do it, timed on the monotonic clock. */
  record Tick(long startNanos, long endNanos, WatchdogReport report) {}

  @Test
  void detectionToRestartLatencyInRealTime() throws Exception {
    WatchdogFixture fx = new WatchdogFixture(dir, Clock.systemUTC());
    fx.probeFactory = WatchdogJobs::hostProbe;
    Duration interval = Duration.ofSeconds(1);
    int afterFailures = 2;
    // The grace after a restart outlasts a child JVM's start on a loaded machine: a service still
    // starting when the grace ends would be restarted a second time and break the exact count.
    RestartConfig rc = Policies.config(List.of(startScript.toString()), afterFailures, interval, Duration.ofSeconds(8),
        Policies.backoff(1, 1, 1, 0), 10, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(30));
    ServiceWatchdog w = fx.start(web(rc)).get("web");
    startService();

    List<Tick> ticks = new ArrayList<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    scheduler.scheduleAtFixedRate(() -> {
      long start = System.nanoTime();
      WatchdogReport r = w.tick();
      synchronized (ticks) {
        ticks.add(new Tick(start, System.nanoTime(), r));
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);

    StringBuilder figures = new StringBuilder();
    List<double[]> rounds = new ArrayList<>();
    try {
      for (int round = 1; round <= 3; round++) {
        Poll.until("healthy past grace", WAIT, () -> {
          WatchdogRecord s = w.status();
          return s.state() == WatchdogState.HEALTHY && (s.graceUntil() == null || s.graceUntil().isBefore(Clock.systemUTC().instant()));
        });
        // kill at different phases of the check interval (a round otherwise starts right after a check)
        Thread.sleep(PHASES_MILLIS[round - 1]);
        long killedAt = System.nanoTime();
        kill();
        Poll.until("a restart", WAIT, () -> restartAfter(ticks, killedAt) != null);
        Tick restart = restartAfter(ticks, killedAt);
        Poll.until("web to be back", WAIT, this::up);
        long backAt = System.nanoTime();
        Tick detected;
        long failedChecks;
        synchronized (ticks) {
          detected = ticks.stream().filter(t -> t.endNanos() > killedAt && !t.report().check().up()).findFirst().orElseThrow();
          failedChecks = ticks.stream().filter(t -> t.endNanos() > killedAt && t.startNanos() <= restart.startNanos()
              && !t.report().check().up()).count();
        }
        assertEquals("success", restart.report().restart().result());
        assertEquals(afterFailures, failedChecks,
            "the restart comes with the after_failures-th failed check in a row, not before and not later");
        long commandStart = restart.endNanos() - restart.report().restart().duration().toNanos();
        assertTrue(commandStart >= detected.endNanos() || detected == restart,
            "the restart command starts after the failure was detected");
        double killToDetect = (detected.endNanos() - killedAt) / 1e9;
        double detectToRestart = (commandStart - detected.endNanos()) / 1e9;
        double killToUp = (backAt - killedAt) / 1e9;
        rounds.add(new double[] {killToDetect, detectToRestart, killToUp});
        figures.append(String.format(Locale.ROOT,
            "round %d: kill->detection %.3fs, detection->restart command %.3fs, kill->answering again %.3fs%n",
            round, killToDetect, detectToRestart, killToUp));
      }
    } finally {
      scheduler.shutdownNow();
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    }
    figures.append(String.format(Locale.ROOT, "interval %ss, after_failures %d; expected detection->restart about (after_failures-1) x interval = %ss%n",
        interval.toSeconds(), afterFailures, (afterFailures - 1) * interval.toSeconds()));
    System.out.print(figures);
    Files.writeString(Path.of("target", "watchdog-latency.txt"), figures.toString());
    assertEquals(3, rounds.size());
    assertEquals(4, lines(startLog));
  }

  private static Tick restartAfter(List<Tick> ticks, long after) {
    synchronized (ticks) {
      return ticks.stream().filter(t -> t.startNanos() > after && t.report().restart() != null).findFirst().orElse(null);
    }
  }
}

package io.hostkeeper.worker.watchdog;

import static io.hostkeeper.worker.watchdog.WatchdogFixture.lines;
import static io.hostkeeper.worker.watchdog.WatchdogFixture.tcpService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.worker.job.JobOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine over real SQLite and real commands, with fake probes and a fake clock. */
class ServiceWatchdogTest {

  @TempDir Path dir;
  FakeClock clock;
  WatchdogFixture fx;

  @BeforeEach
  void setUp() {
    clock = new FakeClock(WatchdogFixture.t0());
    fx = new WatchdogFixture(dir, clock);
  }

  static RestartConfig restart(List<String> command, int afterFailures, int maxRestarts, Duration timeout) {
    return Policies.config(command, afterFailures, Duration.ofSeconds(15), Duration.ofSeconds(30),
        Policies.backoff(10, 2, 60, 0), maxRestarts, Duration.ofMinutes(15), Duration.ofMinutes(30), timeout);
  }

  /** Ticks down every 15s until a restart was attempted; returns that outcome. */
  JobOutcome downUntilRestart(String service) throws Exception {
    fx.probe(service).up = false;
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofSeconds(15));
      JobOutcome o = fx.run(service);
      if (o.details().containsKey("restart")) return o;
    }
    throw new AssertionError("no restart attempted");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> restartDetails(JobOutcome o) {
    return (Map<String, Object>) o.details().get("restart");
  }

  @Test
  void restartCommandThatDoesNotExistIsRecordedAsAFailure() throws Exception {
    fx.start(tcpService("web", restart(List.of(dir.resolve("missing-restart").toString()), 2, 3, Duration.ofSeconds(5))));
    fx.probe("web").up = false;
    clock.advance(Duration.ofSeconds(15));
    JobOutcome first = fx.run("web");
    assertEquals(JobOutcome.Result.SUCCESS, first.result(), first.message());
    assertEquals("failing", first.details().get("state"));
    @SuppressWarnings("unchecked") Map<String, Object> check = (Map<String, Object>) first.details().get("check");
    assertEquals(false, check.get("up"));
    assertEquals("connection refused", check.get("reason"));

    clock.advance(Duration.ofSeconds(15));
    JobOutcome o = fx.run("web");
    assertEquals(JobOutcome.Result.FAILURE, o.result());
    assertTrue(o.message().contains("could not start"), o.message());
    assertEquals(-1, restartDetails(o).get("exit_status"));
    assertTrue(((String) restartDetails(o).get("error")).contains("missing-restart"));
    assertEquals("cooling_down", o.details().get("state"));
    assertEquals(1.0, fx.metric("hostkeeper_service_restarts_total", "web", "result", "failure").getAsDouble());
    assertEquals(0.0, fx.metric("hostkeeper_service_restarts_total", "web", "result", "success").getAsDouble());
    assertEquals("cooling_down", fx.stateMetric("web"));
    assertEquals("failure", fx.area.watchdogs(fx.context).get("web").status().lastRestartResult());
  }

  @Test
  void hangingRestartCommandTimesOutAndIsRecorded() throws Exception {
    Path hang = fx.script("hang.sh", "echo stopping web; exec sleep 30");
    fx.start(tcpService("web", restart(List.of(hang.toString()), 1, 3, Duration.ofSeconds(2))));
    JobOutcome o = downUntilRestart("web");
    assertEquals(JobOutcome.Result.FAILURE, o.result());
    assertEquals("timeout", restartDetails(o).get("result"));
    assertEquals(true, restartDetails(o).get("timed_out"));
    assertEquals("stopping web", restartDetails(o).get("output_tail"));
    assertEquals(1.0, fx.metric("hostkeeper_service_restarts_total", "web", "result", "timeout").getAsDouble());
  }

  @Test
  void nonZeroExitIsRecordedWithStatusAndTail() throws Exception {
    Path bad = fx.script("bad.sh", "echo 'Job for web.service failed because the control process exited with error code.' >&2; exit 1");
    fx.start(tcpService("web", restart(List.of(bad.toString()), 2, 3, Duration.ofSeconds(10))));
    JobOutcome o = downUntilRestart("web");
    assertEquals(JobOutcome.Result.FAILURE, o.result());
    assertEquals(1, restartDetails(o).get("exit_status"));
    assertTrue(((String) restartDetails(o).get("output_tail")).startsWith("Job for web.service failed"));
    List<Map<String, Object>> attempts = new WatchdogStore(fx.jdbi).attempts("web", 5);
    assertEquals(1, attempts.size());
    assertEquals("automatic", attempts.get(0).get("trigger"));
    assertEquals(1, attempts.get(0).get("exit_status"));
  }

  @Test
  void flappingCheckIsNeverRestarted() throws Exception {
    Path log = dir.resolve("restarts.log");
    Path cmd = fx.script("restart.sh", "echo restart >> " + log);
    fx.start(tcpService("web", restart(List.of(cmd.toString()), 2, 3, Duration.ofSeconds(10))));
    for (int i = 0; i < 40; i++) {
      fx.probe("web").up = i % 2 == 0;
      clock.advance(Duration.ofSeconds(15));
      JobOutcome o = fx.run("web");
      assertEquals(JobOutcome.Result.SUCCESS, o.result());
    }
    assertEquals(0, lines(log));
    assertEquals(0.0, fx.metric("hostkeeper_service_restarts_total", "web", "result", "success").getAsDouble());
  }

  @Test
  void gaveUpSurvivesAWorkerRestartAndReArmResumes() throws Exception {
    Path log = dir.resolve("restarts.log");
    Path cmd = fx.script("restart.sh", "echo restart >> " + log);
    RestartConfig rc = restart(List.of(cmd.toString()), 1, 2, Duration.ofSeconds(10));
    fx.start(tcpService("web", rc));
    downUntilRestart("web");
    clock.advance(Duration.ofSeconds(30));
    downUntilRestart("web");
    assertEquals(2, lines(log));
    JobOutcome gaveUp = fx.run("web");
    for (int i = 0; i < 5 && !"gave_up".equals(gaveUp.details().get("state")); i++) {
      clock.advance(Duration.ofSeconds(15));
      gaveUp = fx.run("web");
    }
    assertEquals("gave_up", gaveUp.details().get("state"));
    assertEquals(JobOutcome.Result.FAILURE, gaveUp.result(), "giving up is loud");
    clock.advance(Duration.ofSeconds(15));
    JobOutcome staying = fx.run("web");
    assertEquals(JobOutcome.Result.SUCCESS, staying.result(), "staying gave up is not a new failure");
    assertTrue(staying.message().contains("re-arm"), staying.message());

    // worker restart: new instances over the same state DB
    Map<String, ServiceWatchdog> again = fx.start(tcpService("web", rc));
    assertEquals(WatchdogState.GAVE_UP, again.get("web").status().state());
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(15));
      fx.run("web");
    }
    assertEquals(2, lines(log), "no restart after the worker restart");
    assertEquals("gave_up", fx.stateMetric("web"));

    assertEquals(WatchdogState.FAILING, again.get("web").rearm().state());
    clock.advance(Duration.ofSeconds(15));
    JobOutcome resumed = fx.run("web");
    assertEquals(JobOutcome.Result.SUCCESS, resumed.result(), resumed.message());
    assertEquals(3, lines(log), "re-armed: restarted again");
  }

  @Test
  void restartInterruptedByAWorkerStopIsNotRepeatedAtOnce() throws Exception {
    Path log = dir.resolve("restarts.log");
    Path cmd = fx.script("restart.sh", "echo restart >> " + log);
    RestartConfig rc = restart(List.of(cmd.toString()), 1, 3, Duration.ofSeconds(10));
    fx.start(tcpService("web", rc));
    // the worker died while the command ran: the persisted state says running
    WatchdogStore store = new WatchdogStore(fx.jdbi);
    WatchdogRecord running = new RestartPolicy(rc, () -> 0.5)
        .onCheck(WatchdogRecord.fresh("web", clock.instant()), false, "down", clock.instant(), false).next();
    assertTrue(running.restartRunning());
    store.save(running, clock.instant());

    Map<String, ServiceWatchdog> again = fx.start(tcpService("web", rc));
    fx.probe("web").up = false;
    clock.advance(Duration.ofSeconds(1));
    JobOutcome o = fx.run("web");
    assertFalse(o.details().containsKey("restart"), o.message());
    assertEquals("cooling_down", o.details().get("state"));
    assertEquals("interrupted", again.get("web").status().lastRestartResult());
    assertEquals(0, lines(log));
  }

  @Test
  void servicesSharingAUnitRestartItOnceAndNeverConcurrently() throws Exception {
    Path log = dir.resolve("systemctl.log");
    Path started = dir.resolve("started");
    Path go = dir.resolve("go");
    // a stand-in systemctl: logs its argv, then waits for the test to let it finish
    Path systemctl = fx.script("systemctl", "echo \"$@\" >> " + log + "; touch " + started
        + "; i=0; while [ ! -f " + go + " ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; echo done");
    RestartConfig rc = restart(List.of(), 1, 3, Duration.ofSeconds(30));
    Map<String, ServiceWatchdog> w = fx.start(systemctl.toString(),
        WatchdogFixture.systemdService("web", "web.service", rc),
        WatchdogFixture.systemdService("web-unit", "web.service", rc));
    assertEquals(List.of(systemctl.toString(), "restart", "web.service"), w.get("web").command());
    assertEquals(List.of("web", "web-unit"), w.get("web").sharedWith());

    fx.probe("web").up = false;
    fx.probe("web-unit").up = false;
    clock.advance(Duration.ofSeconds(15));
    CompletableFuture<JobOutcome> first = CompletableFuture.supplyAsync(() -> {
      try {
        return fx.run("web");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.exists(started) && System.nanoTime() < deadline) Thread.sleep(10);
    assertTrue(Files.exists(started), "the first restart started");

    assertTrue(w.get("web").status().restartRunning(), "a status read during the command is not taken for a leftover");
    assertEquals(WatchdogState.RESTARTING, w.get("web").status().state());

    // while web's restart of the unit runs, web-unit wants one too
    JobOutcome second = fx.run("web-unit");
    assertFalse(second.details().containsKey("restart"), second.message());
    assertTrue(((String) second.details().get("decision")).contains("same target"), second.message());
    WatchdogRefusal manual = assertThrows(WatchdogRefusal.class, () -> w.get("web-unit").restartNow());
    assertTrue(manual.getMessage().contains("already running"), manual.getMessage());
    assertThrows(WatchdogRefusal.class, () -> w.get("web").restartNow());
    assertThrows(WatchdogRefusal.class, () -> w.get("web").rearm());

    Files.createFile(go);
    JobOutcome done = first.get(20, TimeUnit.SECONDS);
    assertEquals(JobOutcome.Result.SUCCESS, done.result(), done.message());
    assertEquals("done", restartDetails(done).get("output_tail"));

    // web-unit shares the grace of that restart instead of restarting the unit again
    assertEquals(WatchdogState.RESTARTING, w.get("web-unit").status().state());
    clock.advance(Duration.ofSeconds(15));
    JobOutcome inGrace = fx.run("web-unit");
    assertFalse(inGrace.details().containsKey("restart"), inGrace.message());
    assertEquals(1, lines(log), "one restart of the unit");
    assertEquals(0, w.get("web-unit").status().restarts().size(), "web-unit's budget is not charged");
    assertNotNull(w.get("web-unit").status().graceUntil());
  }

  @Test
  void manualRestartRunsThroughTheGateAndIsLogged() throws Exception {
    Path log = dir.resolve("restarts.log");
    Path cmd = fx.script("restart.sh", "echo restart >> " + log + "; echo restarted web");
    Map<String, ServiceWatchdog> w = fx.start(tcpService("web", restart(List.of(cmd.toString()), 3, 3, Duration.ofSeconds(10))));
    WatchdogReport r = w.get("web").restartNow();
    assertEquals("success", r.restart().result());
    assertEquals("restarted web", r.restart().outputTail());
    assertEquals(WatchdogState.RESTARTING, r.after().state());
    WatchdogRefusal refused = assertThrows(WatchdogRefusal.class, () -> w.get("web").restartNow());
    assertTrue(refused.getMessage().contains("backoff"), refused.getMessage());
    assertEquals(1, lines(log));
    assertEquals("manual", new WatchdogStore(fx.jdbi).attempts("web", 1).get(0).get("trigger"));
    // the next job run carries it into the job history, once
    @SuppressWarnings("unchecked") List<Map<String, Object>> manual =
        (List<Map<String, Object>>) fx.run("web").details().get("manual_restarts_since_last_run");
    assertEquals(1, manual.size());
    assertEquals("restarted web", manual.get(0).get("output_tail"));
    assertFalse(fx.run("web").details().containsKey("manual_restarts_since_last_run"));
  }

  @Test
  void stateSeriesAreOneHotAndAppearWithTheFirstCheck() throws Exception {
    Path cmd = fx.script("restart.sh", "exit 0");
    fx.start(tcpService("web", restart(List.of(cmd.toString()), 2, 3, Duration.ofSeconds(10))));
    assertEquals(null, fx.stateMetric("web"), "absent before the first check");
    assertEquals(0.0, fx.metric("hostkeeper_service_restarts_total", "web", "result", "success").getAsDouble());
    fx.run("web");
    assertEquals("healthy", fx.stateMetric("web"));
    double sum = 0;
    for (WatchdogState s : WatchdogState.values()) {
      sum += fx.metric("hostkeeper_service_watchdog_state", "web", "state", s.label()).getAsDouble();
    }
    assertEquals(1.0, sum);
    fx.probe("web").up = false;
    fx.run("web");
    assertEquals("failing", fx.stateMetric("web"));
    fx.run("web");
    assertEquals("restarting", fx.stateMetric("web"));
    assertEquals(1.0, fx.metric("hostkeeper_service_restarts_total", "web", "result", "success").getAsDouble());
  }
}

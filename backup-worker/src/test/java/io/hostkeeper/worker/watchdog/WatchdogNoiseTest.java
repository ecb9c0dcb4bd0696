package io.hostkeeper.worker.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.RunTrigger;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.hostkeeper.worker.testing.LogCapture;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 9: a healthy service checked every interval writes no INFO line and no history
 * row; state changes and restarts still get both, and the runs are still counted in the metrics.
 */
class WatchdogNoiseTest {
  @TempDir Path dir;

  @Test
  void healthyChecksAreDebugAndLeaveNoRowsStateChangesAndRestartsAreRecorded() throws Exception {
    FakeClock clock = new FakeClock(WatchdogFixture.t0());
    WatchdogFixture fx = new WatchdogFixture(Files.createDirectory(dir.resolve("wd")), clock);
    Path marker = dir.resolve("restarted");
    Path script = fx.script("restart.sh", "echo x >> " + marker);
    RestartConfig rc = Policies.config(List.of(script.toString()), 2, Duration.ofSeconds(15), Duration.ofSeconds(30),
        Policies.backoff(10, 2, 60, 0), 3, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(10));
    fx.start(WatchdogFixture.tcpService("web", rc));
    WatchdogJob job = (WatchdogJob) fx.area.jobs(fx.context).get(0);
    RunHistory history = new RunHistory(StateDatabase.open(Files.createDirectory(dir.resolve("hist")), Duration.ofSeconds(2)).jdbi(),
        BusyRetry.standard());
    PrometheusRegistry registry = new PrometheusRegistry();
    JobRunner runner = new JobRunner(history, new JobMetrics(registry, List.of(job.name()), n -> Optional.empty()), clock);

    try (LogCapture log = new LogCapture(JobRunner.class)) {
      for (int i = 0; i < 5; i++) {
        assertEquals(io.hostkeeper.worker.job.JobOutcome.Result.SUCCESS, runner.run(job, RunTrigger.SCHEDULE, clock.instant()));
        clock.advance(Duration.ofSeconds(15));
      }
      assertEquals(List.of(), log.atLeast(Level.INFO), "healthy checks write no INFO line");
      assertEquals(10, log.at(Level.DEBUG).size(), "start and end of each check at DEBUG: " + log.at(Level.DEBUG));
      assertEquals(List.of(), history.runs(job.name(), 100, Optional.empty()), "no history row per healthy check");
      assertTrue(registry.scrape().stream().anyMatch(s -> s.getMetadata().getName().equals("hostkeeper_job_runs")),
          "the runs are still counted");

      fx.probe("web").up = false;
      runner.run(job, RunTrigger.SCHEDULE, clock.instant()); // healthy -> failing
      clock.advance(Duration.ofSeconds(15));
      runner.run(job, RunTrigger.SCHEDULE, clock.instant()); // failing -> restart
      clock.advance(Duration.ofSeconds(15));
      fx.probe("web").up = true;
      for (int i = 0; i < 4; i++) {
        clock.advance(Duration.ofSeconds(15));
        runner.run(job, RunTrigger.SCHEDULE, clock.instant());
      }
      List<RunRecord> rows = history.runs(job.name(), 100, Optional.empty());
      assertTrue(Files.readString(marker).contains("x"), "the restart ran");
      assertTrue(rows.stream().anyMatch(r -> r.message().contains("restarted")), "the restart is a row: " + rows);
      assertTrue(rows.stream().anyMatch(r -> r.details().contains("\"previous_state\":\"healthy\"")
          && r.details().contains("\"state\":\"failing\"")), "the change to failing is a row: " + rows);
      assertTrue(rows.size() <= 4, "only changes and restarts are rows, not every check: " + rows);
      assertTrue(log.atLeast(Level.INFO).stream().anyMatch(l -> l.contains("restarted")), log.atLeast(Level.INFO).toString());

      int before = history.runs(job.name(), 100, Optional.empty()).size();
      runner.run(job, RunTrigger.MANUAL, clock.instant());
      assertEquals(before + 1, history.runs(job.name(), 100, Optional.empty()).size(), "a check run by hand is always recorded");
    }
  }
}

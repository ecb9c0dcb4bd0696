package io.hostkeeper.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.cli.Cli;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.worker.cli.WorkerCli;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.testing.Http;
import io.hostkeeper.worker.testing.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 9: one broken entry (a log directory that is gone, a log path that became a
 * directory, a database that is no longer SQLite) no longer keeps the worker from starting: its job
 * is refused and failing, with the reason, in the history and the metrics; the good entry runs;
 * check-config still reports the broken ones as errors.
 */
class BrokenItemStartTest {
  @TempDir Path dir;

  @Test
  void aWorkerWithOneBrokenEntryRunsTheGoodOneAndReportsTheBrokenOneFailing() throws Exception {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    Files.writeString(logs.resolve("good.log"), "line\n");
    Files.createDirectory(logs.resolve("became-a-dir.log"));
    Path notes = Files.writeString(dir.resolve("notes.db"), "not a database\n".repeat(100));
    Path cfg = Files.writeString(dir.resolve("hostkeeper.yml"), """
        worker:
          data_dir: %s
          metrics_listen: 127.0.0.1:0
          admin: {listen: 127.0.0.1:0}
        logs:
          - {name: good, path: %s, schedule: "@daily"}
          - {name: gone, path: %s, schedule: "@daily"}
          - {name: dir, path: %s, schedule: "@daily"}
        databases:
          - {name: notes, path: %s}
        """.formatted(dir.resolve("data"), logs.resolve("good.log"), dir.resolve("no/such/dir/app.log"),
        logs.resolve("became-a-dir.log"), notes));

    StringWriter err = new StringWriter();
    int code = Cli.execute(WorkerCli.NAME, WorkerCli.commandLine(), new PrintWriter(new StringWriter()), new PrintWriter(err),
        "check-config", "--config", cfg.toString());
    assertEquals(1, code, "check-config still reports the broken entries");
    for (String key : new String[] {"logs[1].path", "logs[2].path", "databases[0].path"}) {
      assertTrue(err.toString().contains(key), key + " in " + err);
    }

    LoadedConfig loaded = ConfigLoader.load(Optional.of(cfg));
    StartRefusals refusals = StartRefusals.sort(loaded.config(), WorkerModules.runChecks(loaded));
    assertFalse(refusals.refusesWorker(), refusals.global().toString());
    try (Worker worker = Worker.start(loaded.config(), dir.resolve("data"), Clock.systemUTC(), WorkerModules.standard(),
        Worker.Options.defaults().withRefusals(refusals))) {
      for (String job : new String[] {"logs:gone", "logs:dir", "sqlite:notes"}) {
        RunRecord r = worker.history().lastFinished(job).orElseThrow(() -> new AssertionError(job + " has a run"));
        assertEquals("failure", r.result(), job);
        assertEquals("catch-up", r.trigger(), job);
        assertTrue(r.message().startsWith("refused at start: "), r.message());
      }
      assertTrue(worker.history().lastFinished("logs:gone").orElseThrow().message().contains("does not exist"));
      assertTrue(worker.history().lastFinished("sqlite:notes").orElseThrow().message().contains("not an SQLite 3 database"));

      worker.scheduler().runNow("logs:good");
      Poll.until("the good entry ran", () -> worker.history().lastFinished("logs:good").isPresent());
      assertEquals("success", worker.history().lastFinished("logs:good").orElseThrow().result());

      String metrics = Http.get(worker.metricsPort(), "/metrics", null).body();
      // at least the run at start (the stand-in also runs hourly, which may fall within the test)
      assertTrue(java.util.regex.Pattern.compile("hostkeeper_job_runs_total\\{job=\"logs:gone\",result=\"failure\"} [1-9]")
          .matcher(metrics).find(), metrics);
      assertTrue(metrics.contains("hostkeeper_job_last_run_timestamp_seconds{job=\"logs:gone\"}"), metrics);
      assertFalse(metrics.contains("hostkeeper_job_last_success_timestamp_seconds{job=\"logs:gone\"}"),
          "never succeeded: JobFailing's condition holds");

      int before = worker.history().runs("logs:gone", 10, Optional.empty()).size();
      worker.scheduler().runNow("logs:gone");
      Poll.until("a refused job run by hand fails again", () ->
          worker.history().runs("logs:gone", 10, Optional.empty()).size() > before);
      assertEquals("failure", worker.history().lastFinished("logs:gone").orElseThrow().result());
    }
  }

  @Test
  void aProblemOutsideAnyEntryStillRefusesTheWorker() throws Exception {
    Path cfg = Files.writeString(dir.resolve("hostkeeper.yml"), """
        worker:
          data_dir: /proc/hostkeeper-cannot-be-here
          metrics_listen: 127.0.0.1:0
          admin: {listen: 127.0.0.1:0}
        """);
    LoadedConfig loaded = ConfigLoader.load(Optional.of(cfg));
    assertTrue(StartRefusals.sort(loaded.config(), WorkerModules.runChecks(loaded)).refusesWorker());
  }
}

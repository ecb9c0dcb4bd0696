package io.hostkeeper.worker.cli;

import static io.hostkeeper.worker.testing.WorkerCliRun.cli;

import io.hostkeeper.worker.testing.WorkerCliRun.Result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.job.RunTrigger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 11: the CLI covers what the admin API offers: scheduler pause/resume/status,
 * services list/status/rearm/restart, and one run in full ({@code jobs show RUN_ID}).
 */
class AdminVerbsCliTest {
  @TempDir Path dir;

  @Test
  void schedulerServicesAndRunDetailsThroughTheCli() throws Exception {
    int admin;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      admin = s.getLocalPort();
    }
    Path marker = dir.resolve("restarted");
    Path script = Files.writeString(dir.resolve("restart.sh"), "#!/bin/sh\necho restarted >> " + marker + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path cfg = Files.writeString(dir.resolve("hostkeeper.yml"), """
        worker:
          data_dir: %s
          metrics_listen: 127.0.0.1:0
          admin: {listen: "127.0.0.1:%d"}
        services:
          - name: web
            check: {tcp: {address: "127.0.0.1:1", timeout: 1s}}
            restart: {command: ["%s"], interval: 1h, after_failures: 5}
          - name: db
            check: {tcp: {address: "127.0.0.1:1", timeout: 1s}}
        """.formatted(dir.resolve("data"), admin, script));
    String c = cfg.toString();
    var loaded = ConfigLoader.load(Optional.of(cfg));
    try (Worker w = Worker.start(loaded.config(), dir.resolve("data"), Clock.systemUTC(), WorkerModules.standard(),
        Worker.Options.defaults())) {
      assertEquals("scheduler: running", cli("scheduler", "status", "--config", c).out().strip());
      Result paused = cli("scheduler", "pause", "--config", c);
      assertEquals(0, paused.code(), paused.err());
      assertEquals("scheduler: paused", paused.out().strip());
      assertTrue(w.scheduler().isPaused());
      assertEquals("scheduler: running", cli("scheduler", "resume", "--config", c).out().strip());
      assertFalse(w.scheduler().isPaused());

      Result list = cli("services", "list", "--config", c);
      assertEquals(0, list.code(), list.err());
      assertTrue(list.out().startsWith("NAME"), list.out());
      assertTrue(list.out().lines().anyMatch(l -> l.startsWith("web ") && l.contains("healthy")), list.out());
      assertTrue(list.out().lines().anyMatch(l -> l.startsWith("db ") && l.contains("not watched")), list.out());

      Result restart = cli("services", "restart", "web", "--config", c);
      assertEquals(0, restart.code(), restart.err() + restart.out());
      assertTrue(restart.out().contains("web: restarted"), restart.out());
      assertTrue(Files.readString(marker).contains("restarted"));

      Result status = cli("services", "status", "web", "--config", c);
      assertEquals(0, status.code(), status.err());
      assertTrue(status.out().contains("service: web"), status.out());
      assertTrue(status.out().contains("command: " + script + "\n"), status.out());
      assertTrue(status.out().contains("restart: "), "recent restarts listed: " + status.out());

      Result rearm = cli("services", "rearm", "web", "--config", c);
      assertEquals(0, rearm.code(), rearm.err());
      assertTrue(rearm.out().startsWith("web: "), rearm.out());
      Result unwatched = cli("services", "rearm", "db", "--config", c);
      assertEquals(1, unwatched.code());
      assertTrue(unwatched.err().contains("has no restart: block"), unwatched.err());
      Result unknown = cli("services", "status", "nope", "--config", c);
      assertEquals(1, unknown.code());
      assertTrue(unknown.err().contains("no service named nope"), unknown.err());

      w.runner().run(w.scheduler().job("watchdog:web").orElseThrow(), RunTrigger.MANUAL, java.time.Instant.now());
      RunRecord run = w.history().lastFinished("watchdog:web").orElseThrow();
      Result history = cli("jobs", "history", "watchdog:web", "--config", c);
      assertTrue(history.out().contains(Long.toString(run.id())), history.out());
      Result show = cli("jobs", "show", Long.toString(run.id()), "--config", c);
      assertEquals(0, show.code(), show.err());
      assertTrue(show.out().contains("job: watchdog:web"), show.out());
      assertTrue(show.out().contains("trigger: manual"), show.out());
      assertTrue(show.out().contains("details:") && show.out().contains("\"service\" : \"web\"")
          && show.out().contains("\"reason\""), "the details in full: " + show.out());
      Result missing = cli("jobs", "show", "999999", "--config", c);
      assertEquals(1, missing.code());
      assertTrue(missing.err().contains("no run with id 999999"), missing.err());
    }
  }
}

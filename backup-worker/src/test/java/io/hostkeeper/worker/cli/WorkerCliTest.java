package io.hostkeeper.worker.cli;

import static io.hostkeeper.worker.testing.WorkerCliRun.cli;
import static io.hostkeeper.worker.testing.WorkerCliRun.freePort;

import io.hostkeeper.worker.testing.WorkerCliRun.Result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.testing.TestJob;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCliTest {
  @TempDir Path dir;

  Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("hostkeeper.yml"), yaml);
  }

  @Test
  void helpListsTheCommands() {
    Result r = cli("--help");
    assertEquals(0, r.code());
    for (String c : List.of("run", "jobs", "check-config", "--config", "--log-format")) assertTrue(r.out().contains(c), c);
    assertEquals(0, cli("jobs", "--help").code());
  }

  @Test
  void runningTheWorkerBuildsOnlyTheRunCommandAnythingElseAllOfThem() {
    for (String[] run : List.of(new String[0], new String[] {"--config", "x.yml"}, new String[] {"run", "--log-level", "debug"},
        new String[] {"--config", "x.yml", "run", "--stop-timeout", "5"})) {
      assertEquals(java.util.Set.of("run"), WorkerCli.commandLine(run).getSubcommands().keySet(), String.join(" ", run));
    }
    for (String[] other : List.of(new String[] {"--help"}, new String[] {"-V"}, new String[] {"run", "--help"},
        new String[] {"jobs", "list"}, new String[] {"--config", "x.yml", "check-config"}, new String[] {"jbos"},
        new String[] {"run", "--stop-timeout", "soon"})) {
      assertEquals(WorkerCli.commandLine().getSubcommands().keySet(), WorkerCli.commandLine(other).getSubcommands().keySet(),
          String.join(" ", other));
    }
    Result typo = cli("jbos");
    assertEquals(2, typo.code(), typo.err());
    assertTrue(typo.err().contains("jobs"), "the suggestion of the whole command line: " + typo.err());
  }

  @Test
  void commonOptionsWorkBeforeOrAfterTheCommand() throws Exception {
    Path cfg = config("worker:\n  data_dir: " + dir.resolve("data") + "\n  admin:\n    listen: 0.0.0.0:29102\n");
    Result before = cli("--config", cfg.toString(), "check-config");
    Result after = cli("check-config", "--config", cfg.toString());
    assertEquals(1, before.code(), before.err());
    assertEquals(after.err(), before.err());
    assertTrue(before.err().contains("not a loopback address"), before.err());
  }

  @Test
  void checkConfigRunsTheWorkerChecks() throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    Path cfg = config("worker:\n  data_dir: " + blocker.resolve("sub") + "\n  admin:\n    listen: 0.0.0.0:29102\n");
    Result r = cli("check-config", "--config", cfg.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("worker.data_dir: line 2: " + blocker.resolve("sub") + " cannot be created"), r.err());
    assertTrue(r.err().contains("worker.admin.listen: line 4: 0.0.0.0:29102 is not a loopback address"), r.err());

    Path ok = config("worker:\n  data_dir: " + dir.resolve("data") + "\n");
    Result good = cli("check-config", "--config", ok.toString());
    assertEquals(0, good.code(), good.err());
    assertFalse(Files.exists(dir.resolve("data")), "check-config creates nothing");
  }

  @Test
  void checksNameTheTokenFile() throws Exception {
    Path cfg = config("worker:\n  data_dir: " + dir + "\n  admin:\n    token_file: " + dir.resolve("missing.token") + "\n");
    Result r = cli("check-config", "--config", cfg.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("worker.admin.token_file: line 4: cannot read"), r.err());
  }

  /** Issue 13 item 10: a restart command that stays in the foreground is a warning, not an error. */
  @Test
  void checkConfigWarnsAboutARestartCommandThatStaysInTheForeground() throws Exception {
    Path node = Files.createDirectories(dir.resolve("bin")).resolve("node");
    Files.writeString(node, "#!/bin/sh\nexec sleep 1000\n");
    Files.setPosixFilePermissions(node, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Path cfg = config("worker:\n  data_dir: " + dir.resolve("data") + "\n"
        + "services:\n  - name: web\n    check: {tcp: {address: \"127.0.0.1:1\"}}\n"
        + "    restart: {command: [\"/bin/sh\", \"-c\", \"true\"]}\n"
        + "  - name: app\n    check: {tcp: {address: \"127.0.0.1:2\"}}\n"
        + "    restart: {command: [\"" + node + "\", \"/srv/app/server.js\"]}\n");
    Result r = cli("check-config", "--config", cfg.toString());
    assertEquals(0, r.code(), "a warning does not make the file invalid: " + r.err());
    assertTrue(r.out().contains("valid"), r.out());
    assertTrue(r.err().contains("warning: services[1].restart.command: line 9: node runs the service itself in the foreground"),
        r.err());
    assertFalse(r.err().contains("services[0]"), "sh -c true returns: " + r.err());
  }

  /** A problem outside any entry (here the admin token) still stops run; a broken entry only refuses its job (BrokenItemStartTest). */
  @Test
  void runRefusesAConfigThatCheckConfigRejects() throws Exception {
    Path token = dir.resolve("keys/admin.token");
    Path cfg = config("worker:\n  data_dir: " + dir.resolve("data") + "\n  metrics_listen: 127.0.0.1:" + freePort()
        + "\n  admin:\n    listen: 127.0.0.1:" + freePort() + "\n    token_file: " + token + "\n");
    Result r = cli("run", "--config", cfg.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("worker.admin.token_file: line 6:"), r.err());
    assertTrue(r.err().contains(token.toString()), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(dir.resolve("data/state.db")), "nothing was started");
  }

  @Test
  void startUpFailureIsOneLineAndExitCode2() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path cfg = config("worker:\n  data_dir: " + dir.resolve("data") + "\n  metrics_listen: 127.0.0.1:" + freePort()
          + "\n  admin:\n    listen: 127.0.0.1:" + busy.getLocalPort() + "\n");
      Result r = cli("run", "--config", cfg.toString());
      assertEquals(2, r.code());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("hostkeeper-worker: error: worker admin API cannot listen on 127.0.0.1:" + busy.getLocalPort()
          + " (worker.admin.listen)"), r.err());
    }
    Result missing = cli("--config", dir.resolve("nope.yml").toString());
    assertEquals(2, missing.code());
    assertFalse(missing.err().contains("\tat "), missing.err());
  }

  @Test
  void jobsListAndRunAgainstARunningWorker() throws Exception {
    int admin = freePort();
    Path cfg = config("worker:\n  data_dir: " + dir.resolve("data") + "\n  metrics_listen: 127.0.0.1:0\n"
        + "  admin:\n    listen: 127.0.0.1:" + admin + "\n");
    TestJob job = new TestJob("backup:app", TestJob.every(Duration.ofHours(1)));
    TestJob failing = new TestJob("logs:app", TestJob.every(Duration.ofHours(1)));
    failing.failWith = new IllegalStateException("cannot rotate /var/log/app.log: permission denied");
    var loaded = ConfigLoader.load(java.util.Optional.of(cfg));
    try (Worker w = Worker.start(loaded.config(), dir.resolve("data"), Clock.systemUTC(),
        new WorkerModules(List.of(ctx -> List.of(job, failing)), List.of()), Worker.Options.defaults())) {
      Result list = cli("jobs", "list", "--config", cfg.toString());
      Result listBefore = cli("--config", cfg.toString(), "jobs", "list");
      assertEquals(0, listBefore.code(), listBefore.err());
      assertEquals(list.out(), listBefore.out());
      assertEquals(0, list.code(), list.err());
      assertTrue(list.out().startsWith("NAME"), list.out());
      assertTrue(list.out().contains("backup:app"), list.out());
      assertTrue(list.out().contains("@every 1h"), list.out());

      Result run = cli("jobs", "run", "backup:app", "--wait", "--config", cfg.toString());
      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().contains("backup:app: success"), run.out());
      assertEquals(1, job.runs.get());

      Result fail = cli("jobs", "run", "logs:app", "--wait", "--config", cfg.toString());
      assertEquals(1, fail.code());
      assertTrue(fail.out().contains("logs:app: failure") && fail.out().contains("permission denied"), fail.out());

      Result history = cli("jobs", "history", "logs:app", "--config", cfg.toString());
      assertEquals(0, history.code(), history.err());
      assertTrue(history.out().startsWith("ID"), history.out());
      assertTrue(history.out().contains("manual") && history.out().contains("failure")
          && history.out().contains("permission denied"), history.out());

      Result paused = cli("jobs", "pause", "backup:app", "--config", cfg.toString());
      assertEquals(0, paused.code(), paused.err());
      assertEquals("backup:app: paused", paused.out().strip());
      assertTrue(w.scheduler().isPaused("backup:app"));
      assertTrue(cli("jobs", "list", "--config", cfg.toString()).out().contains("paused"));
      Result resumed = cli("jobs", "resume", "backup:app", "--config", cfg.toString());
      assertEquals(0, resumed.code(), resumed.err());
      assertTrue(resumed.out().startsWith("backup:app: scheduled, next run "), resumed.out());

      Result unknown = cli("jobs", "run", "backup:nope", "--config", cfg.toString());
      assertEquals(1, unknown.code());
      assertTrue(unknown.err().contains("no job named \"backup:nope\""), unknown.err());

      Files.writeString(dir.resolve("data/admin.token"), "wrong\n");
      Result refused = cli("jobs", "list", "--config", cfg.toString());
      assertEquals(2, refused.code());
      assertTrue(refused.err().contains("refused the admin token"), refused.err());
    }
    Result down = cli("jobs", "list", "--config", cfg.toString());
    assertEquals(2, down.code());
    assertTrue(down.err().contains("is the worker running"), down.err());
  }
}

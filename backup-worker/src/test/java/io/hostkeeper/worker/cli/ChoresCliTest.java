package io.hostkeeper.worker.cli;

import static io.hostkeeper.worker.testing.WorkerCliRun.cli;
import static io.hostkeeper.worker.testing.WorkerCliRun.freePort;

import io.hostkeeper.worker.testing.WorkerCliRun.Result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** commands: and cleanup: through the worker's own CLI: check-config, jobs list, run --wait and history. */
class ChoresCliTest {
  @TempDir Path dir;

  @Test
  void checkConfigNamesAMissingProgramAndARefusedRoot() throws Exception {
    Path cfg = Files.writeString(dir.resolve("hk.yml"), "worker:\n  data_dir: " + dir.resolve("data") + "\n"
        + "commands:\n  - name: health\n    schedule: \"@hourly\"\n    command: [/nonexistent/health]\n"
        + "cleanup:\n  - name: data\n    paths: [\"" + dir.resolve("data") + "/*\"]\n    older_than: 1d\n");
    Result r = cli("check-config", "--config", cfg.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("commands[0].command[0]: line 6: no executable file /nonexistent/health"), r.err());
    assertTrue(r.err().contains("cleanup[0].paths[0]: line 9: " + dir.resolve("data") + " is the worker's data directory"), r.err());
  }

  @Test
  void jobsListRunAndHistoryShowCommandsAndCleanups() throws Exception {
    Path tmp = Files.createDirectory(dir.resolve("tmp")).toRealPath();
    Path stale = Files.writeString(tmp.resolve("stale.tmp"), "old");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    int admin = freePort();
    Path cfg = Files.writeString(dir.resolve("hk.yml"), "worker:\n  data_dir: " + dir.resolve("data") + "\n"
        + "  metrics_listen: 127.0.0.1:0\n  admin:\n    listen: 127.0.0.1:" + admin + "\n"
        + "commands:\n  - name: hello\n    schedule: disabled\n    command: [sh, -c, \"echo checked 3 disks\"]\n"
        + "  - name: broken\n    schedule: disabled\n    command: [sh, -c, \"echo no space left >&2; exit 3\"]\n"
        + "cleanup:\n  - name: tmp\n    schedule: disabled\n    paths: [\"" + tmp + "/*\"]\n    older_than: 7d\n    dry_run: true\n");
    var loaded = ConfigLoader.load(java.util.Optional.of(cfg));
    try (Worker w = Worker.start(loaded.config(), dir.resolve("data"), Clock.systemUTC(), WorkerModules.standard(), Worker.Options.defaults())) {
      assertEquals(false, w.scheduler().isPaused("cleanup:tmp"));
      Result list = cli("jobs", "list", "--config", cfg.toString());
      assertEquals(0, list.code(), list.err());
      assertTrue(list.out().contains("command:hello") && list.out().contains("command:broken") && list.out().contains("cleanup:tmp"), list.out());

      Result ok = cli("jobs", "run", "command:hello", "--wait", "--config", cfg.toString());
      assertEquals(0, ok.code(), ok.err());
      assertTrue(ok.out().contains("command:hello: success") && ok.out().contains(": checked 3 disks"), ok.out());

      Result bad = cli("jobs", "run", "command:broken", "--wait", "--config", cfg.toString());
      assertEquals(1, bad.code(), bad.out());
      assertTrue(bad.out().contains("command:broken: failure") && bad.out().contains("exited with status 3: no space left"), bad.out());

      Result dry = cli("jobs", "run", "cleanup:tmp", "--wait", "--config", cfg.toString());
      assertEquals(0, dry.code(), dry.err());
      assertTrue(dry.out().contains("dry run: would delete 1 entry (3 B): " + stale), dry.out());
      assertTrue(Files.exists(stale), "a dry run deletes nothing");

      Result history = cli("jobs", "history", "command:broken", "--config", cfg.toString());
      assertEquals(0, history.code(), history.err());
      assertTrue(history.out().contains("failure") && history.out().contains("exited with status 3"), history.out());
    }
  }
}

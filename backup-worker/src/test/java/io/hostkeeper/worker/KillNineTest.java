package io.hostkeeper.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.testing.BlockingWorkerMain;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real worker process killed with SIGKILL in the middle of a job. */
class KillNineTest {
  @TempDir Path dir;

  @Test
  void aRunCutShortByKill9IsInterruptedAtNextStart() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        BlockingWorkerMain.class.getName(), dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      Poll.until("the child's job is running", () -> {
        if (!child.isAlive()) throw new AssertionError("child exited: " + read(dir.resolve("child.log")));
        if (!Files.exists(dir.resolve(StateDatabase.FILE_NAME))) return false;
        try {
          RunHistory h = new RunHistory(StateDatabase.jdbi(dir.resolve(StateDatabase.FILE_NAME), Duration.ofSeconds(2)),
              BusyRetry.standard());
          return h.lastRun("backup:app").map(r -> r.result().equals("running")).orElse(false);
        } catch (RuntimeException e) {
          return false; // schema not there yet
        }
      });
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
      child.waitFor();
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL");
    try (Worker w = Worker.start(TestConfigs.worker(dir), dir, Clock.systemUTC(), new WorkerModules(List.of(), List.of()),
        Worker.Options.defaults())) {
      List<RunRecord> runs = w.history().runs("backup:app", 10, Optional.empty());
      assertEquals(1, runs.size(), runs.toString());
      assertEquals("interrupted", runs.get(0).result());
      assertTrue(runs.get(0).endedAt() != null);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "(no log)";
    }
  }
}

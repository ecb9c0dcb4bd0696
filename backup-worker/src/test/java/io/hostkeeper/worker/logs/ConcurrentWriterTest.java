package io.hostkeeper.worker.logs;

import static io.hostkeeper.worker.logs.LogFixtures.allLines;
import static io.hostkeeper.worker.logs.LogFixtures.context;
import static io.hostkeeper.worker.logs.LogFixtures.job;
import static io.hostkeeper.worker.logs.LogFixtures.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.job.JobOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation in rename mode while a writer appends thousands of numbered lines per second. */
class ConcurrentWriterTest {
  @TempDir Path dir;
  @TempDir Path state;

  @Test
  void renameModeWithAReopenCommandLosesAndDuplicatesNothing() throws Exception {
    Path live = dir.resolve("app.log");
    Path flag = state.resolve("reopen.flag");
    LineWriter writer = new LineWriter(live, flag);
    Thread thread = new Thread(writer, "line-writer");
    thread.start();
    // post_rotate is a real child process (touch) that asks the writer to reopen; compression
    // waits until the writer has let go of the rotated file.
    LogRotateJob job = job(Logs.log(live.toString()).keep(1000).postRotate("touch", flag.toString())
        .postRotateTimeout(Duration.ofSeconds(20)).build(), state, FaultHook.NONE);
    Instant t = Instant.parse("2026-11-21T05:00:00Z");
    int rotations = 0;
    List<String> problems = new ArrayList<>();
    try {
      for (int i = 0; i < 15; i++) {
        long target = writer.written.get() + 300;
        while (writer.written.get() < target && writer.failure == null) Thread.sleep(5);
        JobOutcome out = job.run(context(t.plusSeconds(i), true));
        if (out.result() != JobOutcome.Result.SUCCESS) problems.add(out.toString());
        rotations += (Integer) out.details().get("rotated");
      }
    } finally {
      writer.stop();
      thread.join(10_000);
    }
    assertNull(writer.failure);
    assertEquals(List.of(), problems);
    assertEquals(15, rotations);
    assertTrue(writer.written.get() >= 15 * 300);

    List<String> lines = allLines(dir);
    boolean[] seen = new boolean[(int) writer.written.get()];
    for (String line : lines) {
      int n = (int) LineWriter.number(line);
      assertTrue(!seen[n], "line " + n + " appears twice");
      seen[n] = true;
    }
    for (int n = 0; n < seen.length; n++) assertTrue(seen[n], "line " + n + " was lost");
    assertEquals(writer.written.get(), lines.size());
    long compressed = names(dir).stream().filter(n -> n.endsWith(".gz")).count();
    assertEquals(15, compressed, "every rotated file was compressed once its writer let go: " + names(dir));
  }
}

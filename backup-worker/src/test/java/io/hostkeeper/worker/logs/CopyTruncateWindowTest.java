package io.hostkeeper.worker.logs;

import static io.hostkeeper.worker.logs.LogFixtures.allLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copytruncate's window, measured: a writer that never reopens appends numbered lines while the
 * log is copied and truncated repeatedly. Lines can only go missing between the last copy pass and
 * the truncate; the test counts them, checks they fall in one contiguous run per rotation and that
 * nothing is duplicated, and prints the figures (see the surefire output).
 */
class CopyTruncateWindowTest {
  @TempDir Path dir;
  @TempDir Path state;

  @Test
  void linesLostOnlyInsideTheWindowBetweenLastCopyAndTruncate() throws Exception {
    Path live = dir.resolve("app.log");
    LineWriter writer = new LineWriter(live, null);
    Thread thread = new Thread(writer, "line-writer");
    thread.start();
    LogRotateJob job = LogFixtures.job(Logs.log(live.toString()).copyTruncate().compress(false).keep(1000).build(), state, FaultHook.NONE);
    Instant t = Instant.parse("2026-11-21T05:00:00Z");
    long startedMillis = System.currentTimeMillis();
    int rotations = 20;
    List<Long> windows = new ArrayList<>();
    try {
      for (int i = 0; i < rotations; i++) {
        long target = writer.written.get() + 200;
        while (writer.written.get() < target && writer.failure == null) Thread.sleep(2);
        LogReport r = job.rotateFile(live, t.plusSeconds(i), true);
        assertFalse(r.failed(), r.toDetails().toString());
        assertNotNull(r.copyTruncateWindowNanos());
        windows.add(r.copyTruncateWindowNanos());
      }
    } finally {
      writer.stop();
      thread.join(10_000);
    }
    assertNull(writer.failure);
    long total = writer.written.get();
    boolean[] seen = new boolean[(int) total];
    int torn = 0;
    for (String line : allLines(dir)) {
      int n;
      try {
        n = (int) LineWriter.number(line);
      } catch (IllegalArgumentException e) {
        torn++; // a line cut by the truncate: part of the window's loss
        continue;
      }
      assertFalse(seen[n], "line " + n + " duplicated");
      seen[n] = true;
    }
    int gaps = 0;
    long lost = 0;
    for (int n = 0; n < seen.length; n++) {
      if (!seen[n]) {
        lost++;
        if (n == 0 || seen[n - 1]) gaps++;
      }
    }
    assertTrue(gaps <= rotations, "lost lines form at most one run per rotation, got " + gaps);
    assertTrue(torn <= 2 * rotations, "torn lines only at the truncations, got " + torn);
    System.out.printf("copytruncate window: %d rotations, %d lines written, %d lost in %d runs (%d torn); window per rotation (µs): %s%n",
        rotations, total, lost, gaps, torn, windows.stream().map(w -> w / 1000).toList());
    // Each rotation measured a window, and it is a real span: it cannot be negative, and it is
    // shorter than the whole run (a window as long as the run would mean the measurement is wrong).
    long runNanos = java.time.Duration.ofMillis(System.currentTimeMillis() - startedMillis).toNanos();
    for (long w : windows) assertTrue(w >= 0 && w < runNanos, "window of " + w + " ns in a run of " + runNanos + " ns");
    try (var files = java.nio.file.Files.list(dir)) {
      assertEquals(rotations, files.filter(f -> f.getFileName().toString().matches("app\\.log\\.\\d+")).count(),
          "one rotated file per rotation");
    }
  }
}

package io.hostkeeper.worker.backup.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/** A progress line on a terminal's stderr, redrawn when the percentage changes or a second has passed. */
final class ProgressBar implements LongConsumer {
  private static final long REDRAW_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final long total;
  private final LongSupplier nanoTime;
  private final long start;
  private int shownPct = -1;
  private long shownAt;
  private int width;

  ProgressBar(PrintWriter err, long total, LongSupplier nanoTime) {
    this.err = err;
    this.total = total;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  /** A bar when a terminal is attached, else null (nothing is drawn into pipes and logs). */
  static ProgressBar onTerminal(PrintWriter err, long total) {
    return System.console() == null ? null : new ProgressBar(err, total, System::nanoTime);
  }

  @Override
  public void accept(long done) {
    long now = nanoTime.getAsLong();
    int pct = total > 0 ? (int) Math.min(100, done * 100 / total) : -1;
    if (pct == shownPct && now - shownAt < REDRAW_NANOS) return;
    shownPct = pct;
    shownAt = now;
    String line = ProgressLine.render(done, total, now - start);
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    width = line.length();
    err.flush();
  }

  void done() {
    if (width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
      width = 0;
    }
  }
}

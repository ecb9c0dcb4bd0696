package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.web.Format;
import java.util.Locale;

/**
 * One progress line: {@code [#####     ]  42%  1.2 GiB / 3.0 GiB  45.3 MiB/s  ETA 0:41}, or with an
 * unknown total just the bytes and the rate. Pure: the caller gives the elapsed time.
 */
final class ProgressLine {
  static final int BAR = 30;

  private ProgressLine() {}

  /** @param total -1 when unknown; @param elapsedNanos time since the start */
  static String render(long done, long total, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    double rate = seconds >= 0.5 ? done / seconds : Double.NaN;
    StringBuilder sb = new StringBuilder();
    if (total > 0) {
      int pct = (int) Math.min(100, done * 100 / total);
      int filled = pct * BAR / 100;
      sb.append('[').append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append("] ");
      sb.append(String.format(Locale.ROOT, "%3d%%  ", pct));
      sb.append(Format.bytes(done)).append(" / ").append(Format.bytes(total));
    } else {
      sb.append(Format.bytes(done));
    }
    sb.append("  ").append(Double.isNaN(rate) ? "–" : Format.rate(rate));
    if (total > 0 && !Double.isNaN(rate) && rate > 0) {
      sb.append("  ETA ").append(clock((long) Math.ceil(Math.max(0, total - done) / rate)));
    }
    return sb.toString();
  }

  /** 41 → "0:41", 3725 → "1:02:05". */
  static String clock(long secs) {
    long h = secs / 3600;
    long m = secs % 3600 / 60;
    long s = secs % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}

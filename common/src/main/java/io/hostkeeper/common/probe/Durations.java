package io.hostkeeper.common.probe;

import java.time.Duration;

/** Durations written for people, as in config: {@code 2s}, {@code 500ms}, {@code 1m30s}. */
final class Durations {
  private Durations() {}

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + "ms";
    if (ms % 1000 != 0 && ms < 60_000) return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    long s = ms / 1000;
    if (s < 60) return s + "s";
    return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
  }
}

package io.hostkeeper.exporter.collector.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides which check results are worth a log line, so a service that stays down does not flood
 * the log: a change (up to down, down to up, or a new reason) is always logged; the same reason
 * again only once per {@code repeat} interval. Pure: time comes from the given clock.
 */
public final class ReasonLog {

  /** What to log, if anything. */
  public enum Verdict { SILENT, DOWN, STILL_DOWN, RECOVERED }

  private record Last(boolean up, String reason, long loggedAt) {}

  private final Duration repeat;
  private final LongSupplier nanoClock;
  private final Map<String, Last> last = new HashMap<>();

  public ReasonLog(Duration repeat, LongSupplier nanoClock) {
    if (repeat.isNegative()) throw new IllegalArgumentException("repeat must not be negative");
    this.repeat = repeat;
    this.nanoClock = nanoClock;
  }

  public synchronized Verdict record(String service, boolean up, String reason) {
    long now = nanoClock.getAsLong();
    Last before = last.get(service);
    if (up) {
      last.put(service, new Last(true, "", now));
      return before != null && !before.up() ? Verdict.RECOVERED : Verdict.SILENT;
    }
    if (before == null || before.up() || !before.reason().equals(reason)) {
      last.put(service, new Last(false, reason, now));
      return Verdict.DOWN;
    }
    if (now - before.loggedAt() >= repeat.toNanos()) {
      last.put(service, new Last(false, reason, now));
      return Verdict.STILL_DOWN;
    }
    return Verdict.SILENT;
  }
}

package io.hostkeeper.exporter.collector.service;

import io.hostkeeper.common.config.Durations;
import java.time.Duration;

/**
 * Whether a service's latest check result still counts. Pure: times are passed in.
 *
 * <p>A result is stale once it is older than twice the check interval plus the check's own
 * timeout: the check has missed two rounds, because it hangs or the pool is busy with checks that
 * do. A service with no result at all is pending until the same bound has passed since the checks
 * started, then stale too.
 */
public final class Freshness {
  private Freshness() {}

  /** What a service's latest result means now. */
  public enum State { PENDING, FRESH, STALE }

  /** The age beyond which a result of a check with {@code timeout}, run every {@code interval}, is stale. */
  public static Duration staleAfter(Duration interval, Duration timeout) {
    return interval.multipliedBy(2).plus(timeout);
  }

  /**
   * @param outcome the latest result, null when there is none yet
   * @param startedNanos when the checks started ({@link System#nanoTime()})
   * @param nowNanos now, on the same clock
   */
  public static State state(CheckOutcome outcome, long startedNanos, long nowNanos, Duration staleAfter) {
    long since = outcome != null ? outcome.finishedNanos() : startedNanos;
    if (nowNanos - since > staleAfter.toNanos()) return State.STALE;
    return outcome == null ? State.PENDING : State.FRESH;
  }

  /** The reason a stale service is down: the same text every time, so the log says it once. */
  public static String staleReason(Duration staleAfter, Duration interval) {
    return "stale: no check result for more than " + Durations.format(staleAfter) + " (checks every "
        + Durations.format(interval) + "); the check hangs or the exporter's check pool is full";
  }
}

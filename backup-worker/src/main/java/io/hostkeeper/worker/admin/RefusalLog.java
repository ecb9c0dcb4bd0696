package io.hostkeeper.worker.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rate-limits the log of refused (unauthenticated) admin requests, which anyone who can reach the
 * port can cause: the first refusal after a quiet period is logged, the next ones within
 * {@code period} are only counted, and the first refusal after the period logs one summary line
 * with the count. So a flood costs one line a minute. Pure; the caller passes the time.
 */
final class RefusalLog {
  private final Duration period;
  private Instant windowStart;
  private long suppressed;

  RefusalLog(Duration period) {
    if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive");
    this.period = period;
  }

  /** One refused request; returns the line to log now, if any. */
  synchronized Optional<String> refused(Instant now, String request) {
    if (windowStart != null && now.isBefore(windowStart.plus(period))) {
      suppressed++;
      return Optional.empty();
    }
    String line = suppressed == 0
        ? "admin: refused " + request + " (no valid token); further refusals are summed up every " + period.toSeconds() + "s"
        : "admin: refused " + (suppressed + 1) + " requests without a valid token since " + windowStart + ", the last "
            + request;
    windowStart = now;
    suppressed = 0;
    return Optional.of(line);
  }
}

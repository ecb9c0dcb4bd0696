package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.BackoffConfig;
import io.hostkeeper.common.config.RestartConfig;
import java.time.Duration;
import java.util.List;

/** Test configs. */
final class Policies {
  private Policies() {}

  static RestartConfig config(List<String> command, int afterFailures, Duration interval, Duration grace,
      BackoffConfig backoff, int maxRestarts, Duration window, Duration resetAfter, Duration timeout) {
    return new RestartConfig(command, afterFailures, interval, grace, backoff, maxRestarts, window, resetAfter, timeout);
  }

  static BackoffConfig backoff(long initialSeconds, double factor, long maxSeconds, double jitter) {
    return new BackoffConfig(Duration.ofSeconds(initialSeconds), factor, Duration.ofSeconds(maxSeconds), jitter);
  }

  /** after 3, grace 30s, backoff 10s x2 max 60s no jitter, 3 restarts / 15m, reset after 30m. */
  static RestartConfig standard() {
    return config(List.of("restart-it"), 3, Duration.ofSeconds(15), Duration.ofSeconds(30),
        backoff(10, 2, 60, 0), 3, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(60));
  }

  static RestartConfig with(RestartConfig c, int afterFailures, int maxRestarts) {
    return config(c.command(), afterFailures, c.interval(), c.grace(), c.backoff(), maxRestarts, c.window(),
        c.resetAfter(), c.timeout());
  }

  static RestartConfig withBackoff(RestartConfig c, BackoffConfig b) {
    return config(c.command(), c.afterFailures(), c.interval(), c.grace(), b, c.maxRestarts(), c.window(),
        c.resetAfter(), c.timeout());
  }
}

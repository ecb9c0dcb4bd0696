package io.hostkeeper.common.config;

import java.time.Duration;

/**
 * The {@code exporter.service_checks:} section: how the exporter runs the checks of {@code services:},
 * on their own schedule and threads, apart from scrapes.
 *
 * @param interval how often every service is checked (a check still running is not started again)
 * @param concurrency how many checks may run at the same time
 */
public record ServiceChecksConfig(@Default("15s") Duration interval, @Default("4") int concurrency) {
  public ServiceChecksConfig {
    if (interval != null && (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0)) {
      throw new ConfigViolation("interval", "must be between 1s and 10m, got " + Durations.format(interval));
    }
    if (concurrency < 1 || concurrency > 64) {
      throw new ConfigViolation("concurrency", "must be between 1 and 64, got " + concurrency);
    }
  }

  /** The defaults: every 15 s, at most 4 at a time. */
  public static ServiceChecksConfig defaults() {
    return new ServiceChecksConfig(Duration.ofSeconds(15), 4);
  }
}

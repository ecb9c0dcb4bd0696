package io.hostkeeper.common.config;

import java.time.Duration;

public record BackoffConfig(
    @Default("10s") Duration initial,
    @Default("2") double factor,
    @Default("5m") Duration max,
    /** Fraction of the delay added or removed at random, 0..1. */
    @Default("0.1") double jitter) {
  public BackoffConfig {
    if (factor < 1) throw new ConfigViolation("factor", "must be at least 1");
    if (jitter < 0 || jitter > 1) throw new ConfigViolation("jitter", "must be between 0 and 1");
  }
}

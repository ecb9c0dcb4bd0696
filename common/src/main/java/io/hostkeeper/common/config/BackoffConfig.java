package io.hostkeeper.common.config;

import java.time.Duration;

/**
 * Delay between consecutive restarts: {@code initial * factor^(k-1)} after the k-th restart of a
 * streak, capped at {@code max}, varied at random by up to {@code ±jitter} of itself (never above
 * {@code max}).
 */
public record BackoffConfig(
    /** Delay after the first restart. */
    @Default("10s") Duration initial,
    /** Growth per restart, at least 1 (1 = constant delay). */
    @Default("2") double factor,
    /** Cap of the delay. */
    @Default("5m") Duration max,
    /** Fraction of the delay added or removed at random, 0..1. */
    @Default("0.1") double jitter) {
  public BackoffConfig {
    if (!(factor >= 1)) throw new ConfigViolation("factor", "must be at least 1");
    if (!(jitter >= 0 && jitter <= 1)) throw new ConfigViolation("jitter", "must be between 0 and 1");
    if (initial != null && initial.isNegative()) throw new ConfigViolation("initial", "must not be negative");
    if (initial != null && max != null && max.compareTo(initial) < 0) {
      throw new ConfigViolation("max", "must be at least initial (" + initial.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ")");
    }
  }
}

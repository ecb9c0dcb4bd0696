package io.hostkeeper.common.config;

import java.time.Duration;

/**
 * When a job runs. Written as a 5-field cron ({@code "0 2 * * *"}), a Quartz cron (6 or 7 fields),
 * a macro ({@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}), a fixed interval
 * ({@code @every 15s}) or {@code disabled}.
 *
 * @param expression the text as the user wrote it
 * @param quartzCron the equivalent Quartz cron expression; null for intervals and when disabled
 * @param every the fixed interval of an {@code @every} schedule; null otherwise
 */
public record Schedule(String expression, String quartzCron, Duration every) {

  public static final Schedule DISABLED = new Schedule("disabled", null, null);

  public static Schedule every(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    return new Schedule("@every " + interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT), null, interval);
  }

  public boolean disabled() {
    return quartzCron == null && every == null;
  }

  /**
   * Parses and validates a schedule.
   *
   * @throws IllegalArgumentException with a message saying what is allowed
   */
  public static Schedule parse(String text) {
    throw new UnsupportedOperationException("TODO: implemented with the config loader");
  }

  /**
   * The longest gap between two consecutive fire times over the next year: a job whose last
   * success is older than this has missed a run. Null when disabled.
   */
  public Duration period() {
    throw new UnsupportedOperationException("TODO: implemented with the config loader");
  }
}

package io.hostkeeper.worker.job;

import io.hostkeeper.common.config.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Whether a job missed a run while the worker was down or paused. Quartz is told to do nothing
 * about misfires (no burst of late runs); this check then decides on at most one catch-up run.
 */
public final class CatchUp {
  private CatchUp() {}

  /**
   * @param lastSuccess end of the newest successful run, if any
   * @param hasHistory whether the job ever ran; a job seen for the first time has missed nothing
   * @param period the longest gap between two scheduled runs; null when unknown or disabled
   */
  public static boolean due(Optional<Instant> lastSuccess, boolean hasHistory, Duration period, Instant now) {
    if (period == null || !hasHistory) return false;
    return lastSuccess.map(t -> t.plus(period).isBefore(now)).orElse(true);
  }

  /** The schedule's period in {@code zone}: the interval of {@code @every}, else {@link Schedule#period(ZoneId)}. */
  public static Duration periodOf(Schedule schedule, ZoneId zone) {
    if (schedule.disabled()) return null;
    if (schedule.every() != null) return schedule.every();
    return schedule.period(zone);
  }
}

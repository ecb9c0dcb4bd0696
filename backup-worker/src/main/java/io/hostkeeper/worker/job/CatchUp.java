package io.hostkeeper.worker.job;

import io.hostkeeper.common.config.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Whether a job missed a run while the worker was down or paused. Quartz is told to do nothing
 * about misfires (no burst of late runs); this check then decides on at most one catch-up run.
 * The schedule arithmetic (period, missed run) is {@link Schedule}'s; this is the policy over the
 * job's history.
 */
public final class CatchUp {
  private CatchUp() {}

  /**
   * @param lastSuccess end of the newest successful run, if any
   * @param hasHistory whether the job ever ran; a job seen for the first time has missed nothing
   */
  public static boolean due(Schedule schedule, ZoneId zone, Optional<Instant> lastSuccess, boolean hasHistory,
      Instant now) {
    if (!hasHistory || schedule.period(zone) == null) return false;
    return lastSuccess.map(t -> schedule.missedSince(t, zone, now)).orElse(true);
  }
}

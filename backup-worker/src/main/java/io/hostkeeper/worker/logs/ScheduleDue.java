package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.Schedule;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * logrotate's "daily/weekly" rule over our schedules: a rotation is due when a scheduled time has
 * passed since the last rotation. So a retried or caught-up run after a completed rotation does not
 * rotate a second time. Pure.
 */
public final class ScheduleDue {
  private ScheduleDue() {}

  public static boolean due(Schedule schedule, ZoneId zone, Instant lastRotation, Instant now) {
    if (lastRotation == null) return true;
    if (schedule == null || schedule.disabled()) return false;
    if (schedule.every() != null) return !lastRotation.plus(schedule.every()).isAfter(now);
    try {
      CronExpression cron = new CronExpression(schedule.quartzCron());
      cron.setTimeZone(TimeZone.getTimeZone(zone));
      Date next = cron.getTimeAfter(Date.from(lastRotation));
      return next != null && !next.toInstant().isAfter(now);
    } catch (ParseException e) {
      throw new IllegalArgumentException("invalid Quartz cron " + schedule.quartzCron() + ": " + e.getMessage(), e);
    }
  }
}

package io.hostkeeper.worker.job;

import io.hostkeeper.common.config.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Quartz triggers from schedules. Misfires are ignored (do nothing / next with remaining count):
 * a run missed while the worker was down or paused is not replayed by Quartz, the
 * {@link CatchUp} check runs it once instead.
 */
final class Triggers {
  static final String GROUP = "schedule";
  static final String ONCE_GROUP = "once";

  private Triggers() {}

  /** Empty for a disabled schedule. Interval schedules first fire one interval after {@code now}. */
  static Optional<Trigger> of(JobKey key, Schedule schedule, ZoneId zone, Instant now) {
    if (schedule.disabled()) return Optional.empty();
    TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger().withIdentity(key.getName(), GROUP).forJob(key);
    if (schedule.every() != null) {
      long millis = Math.max(1, schedule.every().toMillis());
      return Optional.of(builder.startAt(Date.from(now.plusMillis(millis)))
          .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(millis).repeatForever()
              .withMisfireHandlingInstructionNextWithRemainingCount())
          .build());
    }
    return Optional.of(builder.startAt(Date.from(now))
        .withSchedule(CronScheduleBuilder.cronSchedule(schedule.quartzCron())
            .inTimeZone(TimeZone.getTimeZone(zone))
            .withMisfireHandlingInstructionDoNothing())
        .build());
  }
}

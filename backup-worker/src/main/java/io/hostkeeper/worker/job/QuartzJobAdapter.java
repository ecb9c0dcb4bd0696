package io.hostkeeper.worker.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz side of a {@link HostkeeperJob}: Quartz instantiates this through
 * {@link HostkeeperJobFactory} and never runs two at once for one job key.
 */
@DisallowConcurrentExecution
public final class QuartzJobAdapter implements Job {
  static final String TRIGGER_KEY = "hostkeeper.trigger";
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(QuartzJobAdapter.class);

  private final HostkeeperJob job;
  private final JobRunner runner;
  private final Clock clock;

  /** @param clock the scheduler's clock: a fire is judged stale against it */
  QuartzJobAdapter(HostkeeperJob job, JobRunner runner, Clock clock) {
    this.job = job;
    this.runner = runner;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void execute(JobExecutionContext context) {
    RunTrigger trigger = trigger(context);
    Instant scheduled = context.getScheduledFireTime() == null
        ? null : context.getScheduledFireTime().toInstant();
    if (skips(context)) {
      log.debug("job {}: fire time {} skipped, a later one is already due (no burst of late runs)", job.name(), scheduled);
      return;
    }
    runner.run(job, trigger, scheduled);
  }

  private static RunTrigger trigger(JobExecutionContext context) {
    Object label = context.getMergedJobDataMap().get(TRIGGER_KEY);
    return label instanceof String s ? RunTrigger.fromLabel(s) : RunTrigger.SCHEDULE;
  }

  /** Whether this fire is a stale scheduled one (by the clock), to be skipped. */
  boolean skips(JobExecutionContext context) {
    return trigger(context) == RunTrigger.SCHEDULE && isStale(context.getNextFireTime(), clock.instant());
  }

  /**
   * A scheduled fire is stale when the trigger's following fire time has already passed: Quartz
   * is replaying slots missed within its misfire threshold (after a pause, or while the previous
   * run overran). Only the newest of such slots runs.
   */
  static boolean isStale(java.util.Date nextFireTime, Instant now) {
    return nextFireTime != null && !nextFireTime.toInstant().isAfter(now);
  }
}

package io.hostkeeper.worker.job;

import java.time.Instant;
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

  QuartzJobAdapter(HostkeeperJob job, JobRunner runner) {
    this.job = job;
    this.runner = runner;
  }

  @Override
  public void execute(JobExecutionContext context) {
    Object label = context.getMergedJobDataMap().get(TRIGGER_KEY);
    RunTrigger trigger = label instanceof String s ? RunTrigger.fromLabel(s) : RunTrigger.SCHEDULE;
    Instant scheduled = context.getScheduledFireTime() == null
        ? null : context.getScheduledFireTime().toInstant();
    if (trigger == RunTrigger.SCHEDULE && isStale(context.getNextFireTime(), Instant.now())) {
      log.debug("job {}: fire time {} skipped, a later one is already due (no burst of late runs)", job.name(), scheduled);
      return;
    }
    runner.run(job, trigger, scheduled);
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

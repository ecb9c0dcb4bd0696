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
    runner.run(job, trigger, scheduled);
  }
}

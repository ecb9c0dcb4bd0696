package io.hostkeeper.worker.job;

import java.time.Clock;
import java.util.function.Function;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Hands Quartz our pre-built jobs (built from config with their dependencies) by job key name. */
final class HostkeeperJobFactory implements JobFactory {
  private final Function<String, HostkeeperJob> jobs;
  private final JobRunner runner;
  private final Clock clock;

  /**
   * @param jobs the current job of a name, or null (read at each fire, so a reload takes effect at the next run)
   * @param clock the scheduler's clock
   */
  HostkeeperJobFactory(Function<String, HostkeeperJob> jobs, JobRunner runner, Clock clock) {
    this.jobs = jobs;
    this.runner = runner;
    this.clock = clock;
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    String name = bundle.getJobDetail().getKey().getName();
    HostkeeperJob job = jobs.apply(name);
    if (job == null) throw new SchedulerException("no job named " + name);
    return new QuartzJobAdapter(job, runner, clock);
  }
}

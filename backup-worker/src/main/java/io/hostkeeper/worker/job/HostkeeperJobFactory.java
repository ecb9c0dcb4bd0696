package io.hostkeeper.worker.job;

import java.util.Map;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Hands Quartz our pre-built jobs (built from config with their dependencies) by job key name. */
final class HostkeeperJobFactory implements JobFactory {
  private final Map<String, HostkeeperJob> jobs;
  private final JobRunner runner;

  HostkeeperJobFactory(Map<String, HostkeeperJob> jobs, JobRunner runner) {
    this.jobs = Map.copyOf(jobs);
    this.runner = runner;
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    String name = bundle.getJobDetail().getKey().getName();
    HostkeeperJob job = jobs.get(name);
    if (job == null) throw new SchedulerException("no job named " + name);
    return new QuartzJobAdapter(job, runner);
  }
}

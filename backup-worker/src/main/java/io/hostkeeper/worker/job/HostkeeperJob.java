package io.hostkeeper.worker.job;

import io.hostkeeper.common.config.Schedule;
import java.time.ZoneId;

/**
 * The one base of every worker job (backup, log rotation, SQLite maintenance, watchdog, history
 * pruning). A subclass implements {@link #run}; {@link JobRunner} times the run, catches
 * everything, writes history and updates the job metrics, so a subclass never does any of that.
 *
 * <p>Subclasses are built from config with their dependencies (constructors validate, no I/O). They
 * need nothing to keep two runs of one job apart: {@link QuartzJobAdapter} carries
 * {@code @DisallowConcurrentExecution} for scheduled runs, and {@link JobRunner} refuses a run
 * (manual, catch-up) while one of the same job is in progress.
 */
public abstract class HostkeeperJob {

  private final String name;

  /** @param name unique job name, {@code kind:label}, e.g. {@code backup:app}, {@code logs:nginx} */
  protected HostkeeperJob(String name) {
    if (name == null || !name.matches("[a-z]+:[A-Za-z0-9_.:-]{1,64}")) {
      throw new IllegalArgumentException("job name must look like kind:label, got " + name);
    }
    this.name = name;
  }

  public final String name() {
    return name;
  }

  /** When the job runs. */
  public abstract Schedule schedule();

  /** Zone for the schedule; null means the worker's default. */
  public ZoneId timeZone() {
    return null;
  }

  /**
   * The configuration entry this job was built from (a {@code logs:}, {@code databases:} or
   * {@code backups:} entry, a service's {@code restart:} block), compared by identity; null for
   * built-in jobs. Lets start-up refuse only the job of a broken entry.
   */
  public Object configItem() {
    return null;
  }

  /** Run once at start/resume when the last success is older than the schedule's period. */
  public boolean catchUp() {
    return true;
  }

  /**
   * Does the job's work. Throwing is a failure with the exception's message; return
   * {@link JobOutcome#skipped} when there was nothing to do or a pre-check refused.
   */
  protected abstract JobOutcome run(JobRunContext context) throws Exception;
}

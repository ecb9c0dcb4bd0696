package io.hostkeeper.worker.backup;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import java.util.ArrayList;
import java.util.List;

/** One {@code backup:NAME} job per configured backup, and the backup metrics. No I/O. */
public final class BackupJobs implements JobProvider {
  @Override
  public List<HostkeeperJob> jobs(WorkerContext context) {
    List<BackupConfig> backups = context.config().backups();
    BackupCatalogue catalogue = new BackupCatalogue(context.stateDb());
    BackupMetrics metrics = BackupMetrics.register(context.registry(), catalogue,
        backups.stream().map(BackupConfig::name).toList(), quotas(backups));
    List<HostkeeperJob> jobs = new ArrayList<>();
    io.hostkeeper.worker.backup.copy.Copies copies = new io.hostkeeper.worker.backup.copy.Copies(context, catalogue);
    for (BackupConfig b : backups) {
      var copyRun = copies.run(b);
      jobs.add(new BackupJob(runner(context, catalogue, b), metrics, copyRun));
      if (copyRun != null) jobs.add(new io.hostkeeper.worker.backup.copy.CopyJob(copyRun));
    }
    jobs.addAll(io.hostkeeper.worker.backup.check.CheckJobs.jobs(context, catalogue));
    return jobs;
  }

  static java.util.Map<String, Long> quotas(List<BackupConfig> backups) {
    java.util.Map<String, Long> q = new java.util.HashMap<>();
    for (BackupConfig b : backups) if (b.destinationQuota() != null) q.put(b.name(), b.destinationQuota().bytes());
    return q;
  }

  /**
   * At worker start, before the scheduler runs anything: removes the temporary files of backups
   * interrupted by a crash or kill (each run also does this first). Returns one line per backup
   * that had something removed or could not be cleaned, for the log.
   */
  @Override
  public List<String> atStart(WorkerContext context) {
    return cleanUpAtStart(context);
  }

  public static List<String> cleanUpAtStart(WorkerContext context) {
    BackupCatalogue catalogue = new BackupCatalogue(context.stateDb());
    List<String> report = new ArrayList<>();
    String noNativeOpen = io.hostkeeper.common.fs.SafeFiles.nonBlockingOpenUnavailable();
    if (noNativeOpen != null && !context.config().backups().isEmpty()) {
      report.add("backups: source files are opened without the non-blocking no-follow open (" + noNativeOpen
          + "); a FIFO swapped into a source can block a run until its timeout");
    }
    for (BackupConfig b : context.config().backups()) {
      try {
        BackupRunner runner = runner(context, catalogue, b);
        for (String line : runner.tightenArchives()) report.add("backup " + b.name() + ": permissions: " + line);
        int n = runner.cleanUp();
        if (n > 0) report.add("backup " + b.name() + ": removed " + n + " temporary file(s) of an interrupted run");
      } catch (java.io.IOException e) {
        report.add("backup " + b.name() + ": leftovers not cleaned now (" + e.getMessage() + "); the next run does it");
      }
    }
    return report;
  }

  static BackupRunner runner(WorkerContext context, BackupCatalogue catalogue, BackupConfig b) {
    return new BackupRunner(b, catalogue, context.dataDir(), context.dataDir().resolve("tmp"), context.clock(), null, null);
  }
}

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
        backups.stream().map(BackupConfig::name).toList());
    List<HostkeeperJob> jobs = new ArrayList<>();
    for (BackupConfig b : backups) {
      jobs.add(new BackupJob(runner(context, catalogue, b), metrics));
    }
    return jobs;
  }

  static BackupRunner runner(WorkerContext context, BackupCatalogue catalogue, BackupConfig b) {
    return new BackupRunner(b, catalogue, context.dataDir().resolve("tmp"), context.clock(), null, null);
  }
}

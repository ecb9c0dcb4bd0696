package io.hostkeeper.worker.backup.check;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.backup.BackupCatalogue;
import io.hostkeeper.worker.backup.copy.SftpCopyTarget;
import io.hostkeeper.worker.job.HostkeeperJob;
import java.util.ArrayList;
import java.util.List;

/** One {@code check:NAME} job per backup with a {@code check:} section, and the check metrics. No I/O. */
public final class CheckJobs {
  private CheckJobs() {}

  public static List<HostkeeperJob> jobs(WorkerContext context, BackupCatalogue catalogue) {
    CheckState state = new CheckState(context.stateDb());
    List<BackupConfig> backups = context.config().backups();
    CheckMetrics.register(context.registry(), state, backups.stream().map(BackupConfig::name).toList());
    List<HostkeeperJob> jobs = new ArrayList<>();
    for (BackupConfig b : backups) {
      if (b.check() == null) continue;
      jobs.add(new CheckJob(b.name(), b.check(), b.timeZone(),
          new ArchiveCheck(b, catalogue, SftpCopyTarget::connect), state, context.clock()));
    }
    return jobs;
  }
}

package io.hostkeeper.worker.cleanup;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CleanupConfig;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.fs.OpenFiles;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.cleanup.CleanupRoots.Protected;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One {@link CleanupJob} per {@code cleanup:} entry. No I/O. */
public final class CleanupJobs implements JobProvider {
  private final OpenFiles openFiles;
  private final FreeSpace space;
  private final MountPoints mounts;

  public CleanupJobs() {
    this(new OpenFiles(Path.of("/proc")), FreeSpace.REAL, MountPoints.REAL);
  }

  public CleanupJobs(OpenFiles openFiles, FreeSpace space, MountPoints mounts) {
    this.openFiles = openFiles;
    this.space = space;
    this.mounts = mounts;
  }

  @Override
  public List<HostkeeperJob> jobs(WorkerContext context) {
    if (context.config().cleanup().isEmpty()) return List.of(); // no cleanup: no hostkeeper_cleanup_* families
    List<Protected> guarded = protectedPaths(context.config(), context.dataDir());
    CleanupMetrics metrics = CleanupMetrics.in(context.registry());
    List<HostkeeperJob> jobs = new ArrayList<>();
    for (CleanupConfig c : context.config().cleanup()) jobs.add(new CleanupJob(c, guarded, metrics, openFiles, space, mounts));
    return jobs;
  }

  /** The worker's data directory and every backup destination. */
  static List<Protected> protectedPaths(HostkeeperConfig config, Path dataDir) {
    List<Protected> out = new ArrayList<>();
    out.add(new Protected(dataDir, "the worker's data directory"));
    for (BackupConfig b : config.backups()) {
      if (b.destination() != null) out.add(new Protected(b.destination(), "the destination of backup " + b.name()));
    }
    return out;
  }
}

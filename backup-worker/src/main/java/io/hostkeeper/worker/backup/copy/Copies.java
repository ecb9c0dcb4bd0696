package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.backup.BackupCatalogue;

/** Builds the copy runs of the worker's backups over SFTP, sharing one state table and one set of metrics. No I/O. */
public final class Copies {
  private final WorkerContext context;
  private final BackupCatalogue catalogue;
  private final CopyState state;
  private final CopyMetrics metrics;

  public Copies(WorkerContext context, BackupCatalogue catalogue) {
    this.context = context;
    this.catalogue = catalogue;
    this.state = new CopyState(context.stateDb());
    this.metrics = context.config().backups().stream().anyMatch(b -> !b.copies().isEmpty())
        ? CopyMetrics.register(context.registry(), state, context.config().backups()) : null;
  }

  /** The copy run of {@code b}, or null when it has no copies. */
  public CopyRun run(BackupConfig b) {
    if (b.copies().isEmpty()) return null;
    return new CopyRun(b, catalogue, state, metrics, context.clock(), SftpCopyTarget::connect);
  }
}

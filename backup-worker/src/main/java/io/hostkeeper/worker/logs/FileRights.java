package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.RunAsConfig;
import io.hostkeeper.common.fs.FsIdentity;
import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Whose rights a log entry's file work uses: the worker's own, or with {@code run_as} those of the
 * named user (logrotate's {@code su}). Only the work in the log directory goes through {@link #run}
 * (open, read, rename, create, truncate, unlink, chmod, temp files); the worker's own state, locks
 * and the scan of /proc for writers stay with the worker's rights. Compression threads only ever
 * see bytes already read, never a path, so they need no switch.
 */
final class FileRights {
  static final FileRights WORKER = new FileRights(null, false);

  private final FsIdentity.Account account;
  private final boolean switches;

  private FileRights(FsIdentity.Account account, boolean switches) {
    this.account = account;
    this.switches = switches;
  }

  /** The rights for {@code runAs} (null: the worker's own); looks the user up. */
  static FileRights of(RunAsConfig runAs) throws IOException {
    if (runAs == null) return WORKER;
    String unavailable = FsIdentity.unavailable();
    if (unavailable != null) throw new FileSystemException(null, null, unavailable);
    FsIdentity.Account a = FsIdentity.lookup(runAs.user(), runAs.group());
    if (a.uid() == 0) {
      throw new FileSystemException(null, null, "run_as " + runAs.user() + " is uid 0: acting as it changes nothing; refused");
    }
    int self = LogDirectory.selfUid();
    // a worker that already runs as that user has its rights (and cannot switch anyway)
    if (self == a.uid()) return new FileRights(a, false);
    if (self != 0) {
      throw new FileSystemException(null, null, "only a worker running as root can act as " + runAs.user()
          + " (this one runs as uid " + self + "); run the worker as root, or remove run_as");
    }
    return new FileRights(a, true);
  }

  /** The user acted as; null for the worker's own rights. */
  FsIdentity.Account account() {
    return account;
  }

  <T> T run(FsIdentity.Work<T> work) throws IOException, InterruptedException {
    return switches ? FsIdentity.as(account.uid(), account.gid(), work) : work.run();
  }

  /** {@link #run} for work without a result. */
  void exec(Action work) throws IOException, InterruptedException {
    run(() -> {
      work.run();
      return null;
    });
  }

  /** File work without a result. */
  interface Action {
    void run() throws IOException, InterruptedException;
  }
}

package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.RunAsConfig;
import io.hostkeeper.common.fs.FsIdentity;
import java.io.IOException;
import java.util.List;

/**
 * check-config for a log entry's {@code run_as}: Linux only, the user and group exist, the user
 * is not root (pointless), and the worker runs as root (only root may act as another user). A
 * worker that already runs as the named user needs no switch and is accepted.
 */
final class RunAsChecks {
  private RunAsChecks() {}

  static List<ConfigError> check(LoadedConfig loaded, String at, RunAsConfig runAs, int selfUid) {
    String unavailable = FsIdentity.unavailable();
    if (unavailable != null) return List.of(loaded.errorAt(at, unavailable + "; remove run_as"));
    FsIdentity.Account account;
    try {
      account = FsIdentity.lookup(runAs.user(), runAs.group());
    } catch (IOException e) {
      String key = e.getMessage().startsWith("no such group") ? at + ".group" : at + ".user";
      return List.of(loaded.errorAt(key, e.getMessage()));
    }
    if (account.uid() == 0) {
      return List.of(loaded.errorAt(at + ".user", runAs.user() + " is uid 0: run_as root changes nothing; remove run_as"));
    }
    if (selfUid != 0 && selfUid != account.uid()) {
      return List.of(loaded.errorAt(at, "only a worker running as root can act as " + runAs.user() + " (this one runs as uid "
          + selfUid + "); run the worker as root, or remove run_as"));
    }
    return List.of();
  }
}

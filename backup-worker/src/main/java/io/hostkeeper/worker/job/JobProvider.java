package io.hostkeeper.worker.job;

import io.hostkeeper.worker.WorkerContext;
import java.util.List;

/** Builds one area's jobs (backups, logs, databases, watchdog) from the config. No I/O. */
public interface JobProvider {
  List<HostkeeperJob> jobs(WorkerContext context);

  /**
   * Work done once when the worker starts, before the scheduler does: e.g. removing what a run
   * interrupted by a crash left behind. May do I/O; must not throw for a problem a later run can
   * handle. Returns lines for the log.
   */
  default List<String> atStart(WorkerContext context) {
    return List.of();
  }
}

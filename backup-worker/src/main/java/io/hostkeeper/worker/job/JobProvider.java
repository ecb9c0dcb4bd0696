package io.hostkeeper.worker.job;

import io.hostkeeper.worker.WorkerContext;
import java.util.List;

/** Builds one area's jobs (backups, logs, databases, watchdog) from the config. No I/O. */
public interface JobProvider {
  List<HostkeeperJob> jobs(WorkerContext context);
}

package io.hostkeeper.worker.status;

import io.hostkeeper.worker.history.RunRecord;
import java.time.Instant;
import java.util.List;

/**
 * What the worker's read-only status page shows, read from the state database in one go: each
 * backup, each service the watchdog restarts, each job (log rotation and database maintenance
 * among them), and the newest runs. No secrets: no token, no key, no command output.
 */
record WorkerStatus(Instant now, String version, boolean schedulerPaused, List<Backup> backups,
    List<Service> services, List<Job> jobs, List<RunRecord> recentRuns) {

  /** Runs listed at the bottom of the page. */
  static final int RECENT_RUNS = 50;

  /**
   * @param lastSuccess end of the newest successful run, null when none
   * @param latestBytes size of the newest archive, -1 when there is none
   * @param lastFailure the newest failed or interrupted run when it is newer than the last success, else null
   * @param copies the backup's remote copies, in configuration order
   */
  record Backup(String name, String schedule, Instant lastSuccess, long latestBytes, int archives, long totalBytes,
      int latestProblems, RunRecord lastFailure, List<Copy> copies) {}

  /**
   * One remote copy of a backup.
   *
   * @param lastAttempt null when it never ran
   * @param lastSuccess null before its first success
   * @param remoteArchives archives on the remote at the last success, null before it
   * @param failure the reason label and message of the last attempt when it failed, else null
   */
  record Copy(String name, String remote, Instant lastAttempt, Instant lastSuccess, Integer remoteArchives, String failure) {}

  /** One restart attempt, newest first. */
  record Restart(Instant at, String trigger, String result, double seconds) {}

  /**
   * @param state the watchdog state label ({@code healthy}, {@code failing}, ... {@code gave_up}), or
   *     {@code unknown} before its first check
   */
  record Service(String name, String state, Instant since, int consecutiveFailures, String lastReason,
      List<Restart> restarts) {}

  /** @param last the newest finished run, null when the job never ran */
  record Job(String name, String schedule, boolean paused, Instant nextRun, RunRecord last, Instant lastSuccess) {}

  /** Backups whose last run failed, services given up or failing, jobs whose last run failed. */
  int problems() {
    int n = 0;
    for (Backup b : backups) if (b.lastFailure() != null) n++;
    for (Service s : services) if (s.state().equals("gave_up") || s.state().equals("failing")) n++;
    for (Job j : jobs) {
      if (!j.name().startsWith("backup:") && j.last() != null && failed(j.last().result())) n++;
    }
    return n;
  }

  static boolean failed(String result) {
    return result.equals("failure") || result.equals("interrupted");
  }
}

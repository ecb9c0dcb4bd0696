package io.hostkeeper.worker.backup.check;

import io.hostkeeper.common.config.BackupCheckConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code check:NAME}: the scheduled keyless re-check of a backup's stored archives (bit rot). Each
 * mismatch is named in the outcome; the count becomes {@code hostkeeper_backup_corrupt_archives}.
 */
public final class CheckJob extends HostkeeperJob {
  private final String backup;
  private final BackupCheckConfig config;
  private final ZoneId zone;
  private final ArchiveCheck check;
  private final CheckState state;
  private final Clock clock;

  public CheckJob(String backup, BackupCheckConfig config, ZoneId zone, ArchiveCheck check, CheckState state, Clock clock) {
    super("check:" + backup);
    this.backup = backup;
    this.config = java.util.Objects.requireNonNull(config);
    this.zone = zone;
    this.check = check;
    this.state = state;
    this.clock = clock;
  }

  @Override
  public Schedule schedule() {
    return config.schedule();
  }

  @Override
  public ZoneId timeZone() {
    return zone;
  }

  @Override
  protected JobOutcome run(JobRunContext context) {
    ArchiveCheck.Result r = check.run(config.remote());
    state.checked(backup, clock.instant(), r.corrupt());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("backup", backup);
    d.put("checked", r.checked());
    d.put("corrupt", r.corrupt());
    d.put("problems", r.problems());
    if (!r.corrupt().isEmpty()) {
      return JobOutcome.failure(r.corrupt().size() + " of " + r.checked() + " archive(s) of backup " + backup
          + " do not match their manifest: " + String.join("; ", r.corrupt())
          + "; restore them from another copy or take a fresh backup", d);
    }
    if (!r.problems().isEmpty()) {
      return JobOutcome.failure(r.checked() + " archive(s) match their manifest, but " + String.join("; ", r.problems()), d);
    }
    return JobOutcome.success(r.checked() + " archive(s) of backup " + backup + " match their manifest", d);
  }
}

package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code copy:NAME}: the catch-up of a backup's remote copies, hourly and once at start when
 * overdue, so a remote that was off at backup time gets what it missed when it is back. A copy
 * that fails makes the run a failure (the backup itself is unaffected).
 */
public final class CopyJob extends HostkeeperJob {
  static final Schedule HOURLY = Schedule.parse("23 * * * *");

  private final CopyRun run;

  public CopyJob(CopyRun run) {
    super("copy:" + run.backup().name());
    this.run = run;
  }

  @Override
  public Schedule schedule() {
    return HOURLY;
  }

  @Override
  protected JobOutcome run(JobRunContext context) {
    List<CopyRun.Outcome> outcomes = run.syncAll(false);
    Map<String, Object> d = details(outcomes);
    String summary = CopyRun.summary(outcomes);
    if (outcomes.stream().anyMatch(o -> o.failure() != null)) return JobOutcome.failure(summary, d);
    if (outcomes.stream().allMatch(CopyRun.Outcome::busy)) return JobOutcome.skipped(summary);
    return JobOutcome.success(summary, d);
  }

  /** Job-history details of a sync. */
  public static Map<String, Object> details(List<CopyRun.Outcome> outcomes) {
    Map<String, Object> d = new LinkedHashMap<>();
    for (CopyRun.Outcome o : outcomes) {
      Map<String, Object> c = new LinkedHashMap<>();
      if (o.ok()) {
        c.put("uploaded", o.report().uploaded());
        c.put("bytes", o.report().bytes());
        c.put("deleted", o.report().deleted());
        c.put("remote_archives", o.report().remoteArchives());
        if (!o.report().missingLocally().isEmpty()) c.put("missing_locally", o.report().missingLocally());
      } else if (o.failure() != null) {
        c.put("reason", o.failure().reason().label());
        c.put("error", o.failure().getMessage());
      } else {
        c.put("skipped", "another sync is running");
      }
      d.put(o.copy(), c);
    }
    return d;
  }
}

package io.hostkeeper.worker.history;

import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Built-in job {@code history:prune}: deletes run history older than {@code worker.history_retention}. */
public final class HistoryPruneJob extends HostkeeperJob {
  /** Daily at 03:17, away from the top of the hour where user jobs cluster. */
  static final Schedule DAILY = Schedule.parse("17 3 * * *");

  private final RunHistory history;
  private final Duration retention;

  public HistoryPruneJob(RunHistory history, Duration retention) {
    super("history:prune");
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("history retention must be positive");
    }
    this.history = history;
    this.retention = retention;
  }

  @Override
  public Schedule schedule() {
    return DAILY;
  }

  @Override
  protected JobOutcome run(JobRunContext context) {
    Instant cutoff = context.clock().instant().minus(retention);
    int deleted = history.prune(cutoff);
    return JobOutcome.success("deleted " + deleted + " runs that started before " + cutoff,
        Map.of("deleted", deleted, "cutoff", cutoff.toString()));
  }
}

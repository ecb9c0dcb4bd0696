package io.hostkeeper.worker.job;

import io.hostkeeper.common.config.Schedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for a job whose configuration entry failed the start-up checks (a log directory that
 * is gone, a database that is no longer SQLite, ...): it has the job's name, never does the job's
 * work, and fails every run with the reasons, so the job shows as failing in the history, the
 * metrics and the JobFailing alert while the other jobs run. It runs once at start and hourly
 * after that (often enough to keep the alert firing, rarely enough not to flood the log).
 */
public final class RefusedJob extends HostkeeperJob {
  static final Schedule SCHEDULE = Schedule.parse("@hourly");

  private final HostkeeperJob refused;
  private final List<String> reasons;

  public RefusedJob(HostkeeperJob refused, List<String> reasons) {
    super(refused.name());
    if (reasons.isEmpty()) throw new IllegalArgumentException(refused.name() + ": a refusal needs its reasons");
    this.refused = refused;
    this.reasons = List.copyOf(reasons);
  }

  public List<String> reasons() {
    return reasons;
  }

  @Override
  public Object configItem() {
    return refused.configItem();
  }

  @Override
  public Schedule schedule() {
    return SCHEDULE;
  }

  @Override
  public boolean catchUp() {
    return false;
  }

  @Override
  protected JobOutcome run(JobRunContext context) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("refused_at_start", true);
    details.put("problems", reasons);
    return JobOutcome.failure("refused at start: " + String.join("; ", reasons)
        + "; fix it (check-config lists it), then reload (SIGHUP) or restart the worker", details);
  }
}

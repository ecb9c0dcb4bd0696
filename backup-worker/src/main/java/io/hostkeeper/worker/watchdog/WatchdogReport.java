package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.probe.ProbeResult;
import io.hostkeeper.worker.job.JobOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one watchdog run did: the check (null for a manual restart), the state before and after,
 * the policy's reason and, when a restart was attempted, how the command ended.
 */
public record WatchdogReport(
    String service, String trigger, ProbeResult check, WatchdogState before, WatchdogRecord after,
    String reason, RestartRun restart, List<Map<String, Object>> manualRestarts) {

  public WatchdogReport {
    manualRestarts = List.copyOf(manualRestarts);
  }

  public WatchdogReport(String service, String trigger, ProbeResult check, WatchdogState before,
      WatchdogRecord after, String reason, RestartRun restart) {
    this(service, trigger, check, before, after, reason, restart, List.of());
  }

  /**
   * The same report also carrying the manual restarts (admin API) made since the previous run, so
   * every attempt reaches the job history.
   */
  public WatchdogReport withManualRestarts(List<Map<String, Object>> manual) {
    return new WatchdogReport(service, trigger, check, before, after, reason, restart, manual);
  }

  /** The job outcome: the spine stores it in the history row and counts it in the job metrics. */
  public JobOutcome toOutcome() {
    Map<String, Object> details = details();
    if (restart != null) {
      if ("success".equals(restart.result())) {
        return JobOutcome.success(service + ": restarted (" + restart.describe() + ")", details);
      }
      return JobOutcome.failure(service + ": restart failed (" + restart.describe() + ")", details);
    }
    if (after.state() == WatchdogState.GAVE_UP && before != WatchdogState.GAVE_UP) {
      return JobOutcome.failure(service + ": " + reason, details);
    }
    // Staying gave up is the watchdog doing its job (ServiceWatchdogGaveUp alerts on the state);
    // a skipped or failed run every interval would also keep JobFailing firing for the same cause.
    String check = this.check == null || this.check.up() ? "up" : "down (" + this.check.reason() + ")";
    JobOutcome outcome = JobOutcome.success(service + ": " + check + "; " + reason, details);
    return routine() ? outcome.asRoutine() : outcome;
  }

  /**
   * A healthy check of a healthy service: no restart, no manual restart to report, no change of
   * state. Logged at DEBUG and not kept as a history row; state changes and restarts are.
   */
  boolean routine() {
    return restart == null && manualRestarts.isEmpty() && check != null && check.up()
        && before == WatchdogState.HEALTHY && after.state() == WatchdogState.HEALTHY;
  }

  public Map<String, Object> details() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service);
    m.put("trigger", trigger);
    if (check != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("up", check.up());
      c.put("reason", check.reason());
      c.put("duration_seconds", check.duration().toNanos() / 1e9);
      check.httpStatus().ifPresent(s -> c.put("http_status", s));
      m.put("check", c);
    }
    m.put("previous_state", before.label());
    m.put("state", after.state().label());
    m.put("decision", reason);
    m.put("consecutive_failures", after.consecutiveFailures());
    m.put("restarts_in_window", after.restarts().size());
    if (after.nextRestartAllowedAt() != null) m.put("next_restart_allowed_at", after.nextRestartAllowedAt().toString());
    if (after.graceUntil() != null) m.put("grace_until", after.graceUntil().toString());
    if (restart != null) m.put("restart", restart.details());
    if (!manualRestarts.isEmpty()) m.put("manual_restarts_since_last_run", manualRestarts);
    return m;
  }
}

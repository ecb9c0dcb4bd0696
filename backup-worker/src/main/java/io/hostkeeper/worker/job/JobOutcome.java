package io.hostkeeper.worker.job;

import java.util.Map;

/**
 * What a job run reports: its result, a one-line message for people, and details (JSON-serialisable
 * values) stored in the run's history row.
 *
 * @param routine nothing happened worth a line or a row (a healthy watchdog check, a log not due):
 *     the run is counted in the job metrics, logged at DEBUG, and its history row is removed. A
 *     failure is never routine, and a run started by hand is always recorded.
 */
public record JobOutcome(Result result, String message, Map<String, Object> details, boolean routine) {

  public enum Result {
    SUCCESS, FAILURE, SKIPPED, INTERRUPTED;

    /** The value of the {@code result} label and of the history's result column. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public JobOutcome {
    details = Map.copyOf(details);
    if (routine && (result == Result.FAILURE || result == Result.INTERRUPTED)) {
      throw new IllegalArgumentException("a failed or interrupted run is never routine");
    }
  }

  public JobOutcome(Result result, String message, Map<String, Object> details) {
    this(result, message, details, false);
  }

  /** The same outcome marked routine (see {@link #routine}). */
  public JobOutcome asRoutine() {
    return new JobOutcome(result, message, details, true);
  }

  public static JobOutcome success(String message, Map<String, Object> details) {
    return new JobOutcome(Result.SUCCESS, message, details);
  }

  public static JobOutcome failure(String message, Map<String, Object> details) {
    return new JobOutcome(Result.FAILURE, message, details);
  }

  public static JobOutcome skipped(String message) {
    return new JobOutcome(Result.SKIPPED, message, Map.of());
  }
}

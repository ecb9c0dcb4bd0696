package io.hostkeeper.worker.job;

import java.util.Map;

/**
 * What a job run reports: its result, a one-line message for people, and details (JSON-serialisable
 * values) stored in the run's history row.
 */
public record JobOutcome(Result result, String message, Map<String, Object> details) {

  public enum Result { SUCCESS, FAILURE, SKIPPED, INTERRUPTED }

  public JobOutcome {
    details = Map.copyOf(details);
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

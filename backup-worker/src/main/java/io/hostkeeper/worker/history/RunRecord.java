package io.hostkeeper.worker.history;

import java.time.Instant;

/**
 * One row of the run history.
 *
 * @param trigger {@code schedule}, {@code manual} or {@code catch-up}
 * @param result {@code running}, {@code success}, {@code failure}, {@code interrupted}, {@code skipped}
 * @param details JSON text, may be null
 */
public record RunRecord(
    long id,
    String job,
    String trigger,
    Instant scheduledAt,
    Instant startedAt,
    Instant endedAt,
    String result,
    String message,
    String details) {

  public boolean finished() {
    return endedAt != null;
  }
}

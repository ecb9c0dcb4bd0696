package io.hostkeeper.exporter.collector.service;

import io.hostkeeper.common.probe.ProbeResult;
import io.hostkeeper.common.probe.UnitStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest finished check of one service.
 *
 * @param result what the check found
 * @param unit for a systemd check whose unit was read: its state; null otherwise
 * @param finishedAt when the check finished (wall clock, for timestamps)
 * @param finishedNanos when the check finished ({@link System#nanoTime()}, for ages)
 */
public record CheckOutcome(ProbeResult result, UnitStatus unit, Instant finishedAt, long finishedNanos) {
  public CheckOutcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}

package io.hostkeeper.worker.job;

import java.time.Clock;
import java.time.Instant;

/**
 * What one run knows: its history row id, the time it was scheduled for, the clock, and whether it
 * was started by hand (admin API / CLI) rather than by the schedule.
 */
public record JobRunContext(long runId, Instant scheduledTime, Clock clock, boolean manual) {}

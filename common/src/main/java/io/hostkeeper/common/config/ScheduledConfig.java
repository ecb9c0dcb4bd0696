package io.hostkeeper.common.config;

import java.time.ZoneId;

/** The scheduling keys every job section shares ({@code backups:}, {@code logs:}, {@code databases:}). */
public interface ScheduledConfig {
  Schedule schedule();

  /** Zone of the schedule; null means the worker's default. */
  ZoneId timeZone();

  /** Run once at start when the last success is older than the schedule's period. */
  boolean catchUp();
}

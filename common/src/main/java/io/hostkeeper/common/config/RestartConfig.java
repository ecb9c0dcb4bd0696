package io.hostkeeper.common.config;

import java.time.Duration;
import java.util.List;

/** The watchdog policy of one service. */
public record RestartConfig(
    /** argv; for a systemd check the default is {@code systemctl restart UNIT}. */
    List<String> command,
    @Default("2") int afterFailures,
    @Default("15s") Duration interval,
    @Default("30s") Duration grace,
    BackoffConfig backoff,
    @Default("3") int maxRestarts,
    @Default("15m") Duration window,
    @Default("30m") Duration resetAfter,
    @Default("60s") Duration timeout) {
  public RestartConfig {
    command = List.copyOf(command);
    if (afterFailures < 1) throw new ConfigViolation("after_failures", "must be at least 1");
    if (maxRestarts < 1) throw new ConfigViolation("max_restarts", "must be at least 1");
  }
}

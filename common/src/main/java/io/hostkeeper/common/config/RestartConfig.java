package io.hostkeeper.common.config;

import java.time.Duration;
import java.util.List;

/**
 * The watchdog policy of one service (the {@code restart:} block of a {@code services:} entry).
 * The worker checks the service every {@code interval}, restarts it after {@code after_failures}
 * consecutive failed checks, and gives up after {@code max_restarts} restarts within
 * {@code window} until re-armed through the admin API.
 */
public record RestartConfig(
    /** argv, run without a shell; may be omitted for a systemd check: {@code systemctl restart UNIT}. */
    List<String> command,
    /** Consecutive failed checks before a restart (debounce). */
    @Default("2") int afterFailures,
    /** How often the worker checks the service. */
    @Default("15s") Duration interval,
    /** After a successful restart command, failed checks are not counted for this long. */
    @Default("30s") Duration grace,
    /** Delay between consecutive restarts of one streak. */
    BackoffConfig backoff,
    /** At most this many restarts within {@code window}; one more needed means gave_up. */
    @Default("3") int maxRestarts,
    /** The sliding window {@code max_restarts} applies to. */
    @Default("15m") Duration window,
    /** Passing checks for this long reset the restart counters and the backoff. */
    @Default("30m") Duration resetAfter,
    /** Limit for the restart command: then SIGTERM, and SIGKILL 5s later. */
    @Default("60s") Duration timeout) {
  public RestartConfig {
    command = command == null ? List.of() : List.copyOf(command);
    if (command.stream().anyMatch(String::isBlank)) throw new ConfigViolation("command", "must not contain empty arguments");
    if (afterFailures < 1) throw new ConfigViolation("after_failures", "must be at least 1");
    if (maxRestarts < 1) throw new ConfigViolation("max_restarts", "must be at least 1");
    if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
      // a check (a systemctl child, a connection) at sub-second pace is load, not watching
      throw new ConfigViolation("interval", "must be at least 1s, got " + Durations.format(interval));
    }
    if (grace != null && grace.isNegative()) throw new ConfigViolation("grace", "must not be negative");
    positive("window", window);
    positive("reset_after", resetAfter);
    positive("timeout", timeout);
  }

  private static void positive(String key, Duration d) {
    if (d != null && (d.isZero() || d.isNegative())) throw new ConfigViolation(key, "must be longer than 0s");
  }
}

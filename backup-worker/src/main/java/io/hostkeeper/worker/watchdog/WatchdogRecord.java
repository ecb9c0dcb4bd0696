package io.hostkeeper.worker.watchdog;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The persisted watchdog record of one service (its {@link WatchdogState} and counters): everything the policy needs to decide, so a worker
 * restart resumes exactly where it stopped. Immutable; {@link #toBuilder()} derives a changed copy.
 *
 * @param service the service name
 * @param state where the service stands
 * @param since when {@code state} was entered
 * @param consecutiveFailures failed checks counted since the last success or restart
 * @param streak restarts since the counters were last reset; the backoff exponent
 * @param restarts start times of the restarts within the current window, oldest first
 * @param lastRestartAt start of the last restart attempt, or null
 * @param lastRestartResult {@code running} while the command runs, then {@code success},
 *     {@code failure}, {@code timeout} or {@code interrupted}; empty before the first restart
 * @param graceUntil failures before this instant are not counted; null when no grace applies
 * @param nextRestartAllowedAt backoff: no restart before this instant; null when none is pending
 * @param healthySince start of the current run of passing checks, or null
 * @param lastCheckAt time of the last check, or null
 * @param lastCheckUp result of the last check, or null before the first
 * @param lastReason why the last check failed, or what the watchdog last decided
 */
public record WatchdogRecord(
    String service,
    WatchdogState state,
    Instant since,
    int consecutiveFailures,
    int streak,
    List<Instant> restarts,
    Instant lastRestartAt,
    String lastRestartResult,
    Instant graceUntil,
    Instant nextRestartAllowedAt,
    Instant healthySince,
    Instant lastCheckAt,
    Boolean lastCheckUp,
    String lastReason) {

  public static final String RUNNING = "running";

  public WatchdogRecord {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    restarts = List.copyOf(restarts);
    lastRestartResult = lastRestartResult == null ? "" : lastRestartResult;
    lastReason = lastReason == null ? "" : lastReason;
    if (consecutiveFailures < 0 || streak < 0) throw new IllegalArgumentException("negative counter");
  }

  /** A service never seen before: healthy until a check says otherwise, no counters. */
  public static WatchdogRecord fresh(String service, Instant now) {
    return new WatchdogRecord(service, WatchdogState.HEALTHY, now, 0, 0, List.of(), null, "", null,
        null, null, null, null, "");
  }

  /** True while a restart command has been started and its end not recorded. */
  public boolean restartRunning() {
    return RUNNING.equals(lastRestartResult);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A mutable copy for the policy to change field by field. */
  public static final class Builder {
    String service;
    WatchdogState state;
    Instant since;
    int consecutiveFailures;
    int streak;
    List<Instant> restarts;
    Instant lastRestartAt;
    String lastRestartResult;
    Instant graceUntil;
    Instant nextRestartAllowedAt;
    Instant healthySince;
    Instant lastCheckAt;
    Boolean lastCheckUp;
    String lastReason;

    private Builder(WatchdogRecord s) {
      service = s.service;
      state = s.state;
      since = s.since;
      consecutiveFailures = s.consecutiveFailures;
      streak = s.streak;
      restarts = s.restarts;
      lastRestartAt = s.lastRestartAt;
      lastRestartResult = s.lastRestartResult;
      graceUntil = s.graceUntil;
      nextRestartAllowedAt = s.nextRestartAllowedAt;
      healthySince = s.healthySince;
      lastCheckAt = s.lastCheckAt;
      lastCheckUp = s.lastCheckUp;
      lastReason = s.lastReason;
    }

    /** Moves to {@code next}; {@code since} changes only when the state does. */
    Builder state(WatchdogState next, Instant now) {
      if (next != state) {
        state = next;
        since = now;
      }
      return this;
    }

    public WatchdogRecord build() {
      return new WatchdogRecord(service, state, since, consecutiveFailures, streak, restarts,
          lastRestartAt, lastRestartResult, graceUntil, nextRestartAllowedAt, healthySince,
          lastCheckAt, lastCheckUp, lastReason);
    }
  }
}

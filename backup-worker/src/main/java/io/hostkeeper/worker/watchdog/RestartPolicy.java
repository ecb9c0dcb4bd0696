package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.Durations;

import io.hostkeeper.common.config.BackoffConfig;
import io.hostkeeper.common.config.RestartConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The restart policy of one service as pure logic: fed with the current {@link WatchdogRecord},
 * an input (a check result, the end of a restart command, a manual request, a re-arm) and the time,
 * it returns the next status and what to do. No I/O, no clock of its own, randomness injected.
 *
 * <p>Rules, after monit's and systemd's, without their gaps:
 *
 * <ul>
 *   <li>Debounce: a restart needs {@code after_failures} consecutive failed checks.
 *   <li>Grace: after a successful restart command, failed checks are not counted for
 *       {@code grace}, so a slow start is not taken for a failure.
 *   <li>Backoff: the first restart is immediate; after the k-th restart of a streak the next one is
 *       allowed {@code initial * factor^(k-1)} later, capped at {@code max}, the delay varied by up
 *       to {@code ±jitter} of itself and never above {@code max}.
 *   <li>Breaker: at most {@code max_restarts} restarts within any {@code window}; when one more is
 *       needed the service goes to {@code gave_up} and stays there until re-armed. A failed or
 *       timed-out command counts as an attempt, so a broken command cannot loop.
 *   <li>Reset: {@code reset_after} of passing checks clears the streak and the window, so counters
 *       do not creep up over weeks of rare, unrelated failures.
 * </ul>
 */
public final class RestartPolicy {

  private final int afterFailures;
  private final Duration grace;
  private final BackoffConfig backoff;
  private final int maxRestarts;
  private final Duration window;
  private final Duration resetAfter;
  private final DoubleSupplier random;

  /** @param random uniform values in [0, 1), used for jitter only */
  public RestartPolicy(RestartConfig config, DoubleSupplier random) {
    Objects.requireNonNull(config, "config");
    this.afterFailures = config.afterFailures();
    this.grace = config.grace();
    this.backoff = Objects.requireNonNull(config.backoff(), "restart.backoff");
    this.maxRestarts = config.maxRestarts();
    this.window = config.window();
    this.resetAfter = config.resetAfter();
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A check result. {@code targetBusy}: the restart target is being restarted right now (by this
   * service's manual restart or by another service sharing it), so no restart may start.
   */
  public Decision onCheck(WatchdogRecord status, boolean up, String reason, Instant now, boolean targetBusy) {
    WatchdogRecord.Builder b = status.toBuilder();
    b.lastCheckAt = now;
    b.lastCheckUp = up;
    b.lastReason = up ? "" : reason;
    b.restarts = inWindow(status.restarts(), now);

    if (status.state() == WatchdogState.GAVE_UP) {
      return new Decision(b.build(), Decision.Action.NONE,
          "gave up after " + maxRestarts + " restarts within " + Durations.format(window) + "; re-arm to resume");
    }
    if (status.restartRunning()) {
      return new Decision(b.build(), Decision.Action.NONE, "restart command running; check not counted");
    }
    if (up) {
      b.consecutiveFailures = 0;
      if (b.healthySince == null || status.lastCheckUp() == null || !status.lastCheckUp()) b.healthySince = now;
      b.state(WatchdogState.HEALTHY, now);
      boolean counters = b.streak > 0 || !b.restarts.isEmpty() || b.nextRestartAllowedAt != null;
      if (counters && !now.isBefore(b.healthySince.plus(resetAfter))) {
        b.streak = 0;
        b.restarts = List.of();
        b.nextRestartAllowedAt = null;
        return new Decision(b.build(), Decision.Action.NONE,
            "healthy for " + Durations.format(resetAfter) + ": restart counters reset");
      }
      return new Decision(b.build(), Decision.Action.NONE, "up");
    }

    b.healthySince = null;
    if (status.graceUntil() != null && now.isBefore(status.graceUntil())) {
      if (b.state == WatchdogState.HEALTHY) b.state(WatchdogState.FAILING, now);
      return new Decision(b.build(), Decision.Action.NONE,
          "down within the grace period after a restart (until " + status.graceUntil() + "), not counted");
    }
    b.consecutiveFailures = status.consecutiveFailures() + 1;
    if (b.consecutiveFailures < afterFailures) {
      b.state(WatchdogState.FAILING, now);
      return new Decision(b.build(), Decision.Action.NONE,
          "down, failure " + b.consecutiveFailures + " of " + afterFailures + " before a restart");
    }
    return restartGate(b, now, targetBusy, false);
  }

  /**
   * A manual restart request: the same gate as an automatic one, without the debounce. Refused when
   * gave up, when the window's budget is used, during backoff, or while a restart is running.
   */
  public Decision onManualRestart(WatchdogRecord status, Instant now, boolean targetBusy) {
    WatchdogRecord.Builder b = status.toBuilder();
    b.restarts = inWindow(status.restarts(), now);
    if (status.state() == WatchdogState.GAVE_UP) {
      return new Decision(status, Decision.Action.REFUSE,
          "the watchdog gave up on this service; re-arm it first");
    }
    return restartGate(b, now, targetBusy || status.restartRunning(), true);
  }

  private Decision restartGate(WatchdogRecord.Builder b, Instant now, boolean targetBusy, boolean manual) {
    WatchdogRecord unchanged = b.build();
    if (targetBusy) {
      if (manual) return new Decision(unchanged, Decision.Action.REFUSE, "a restart is already running");
      b.state(WatchdogState.FAILING, now);
      return new Decision(b.build(), Decision.Action.NONE,
          "restart due, but a restart of the same target is running; waiting for it");
    }
    if (b.restarts.size() >= maxRestarts) {
      if (manual) {
        return new Decision(unchanged, Decision.Action.REFUSE, b.restarts.size()
            + " restarts within " + Durations.format(window) + " already (max_restarts " + maxRestarts + ")");
      }
      b.state(WatchdogState.GAVE_UP, now);
      return new Decision(b.build(), Decision.Action.NONE, "still down after " + b.restarts.size()
          + " restarts within " + Durations.format(window) + ": giving up until re-armed");
    }
    if (b.nextRestartAllowedAt != null && now.isBefore(b.nextRestartAllowedAt)) {
      if (manual) {
        return new Decision(unchanged, Decision.Action.REFUSE,
            "backoff: the next restart is allowed at " + b.nextRestartAllowedAt);
      }
      b.state(WatchdogState.COOLING_DOWN, now);
      return new Decision(b.build(), Decision.Action.NONE,
          "restart due, backing off until " + b.nextRestartAllowedAt);
    }
    List<Instant> restarts = new ArrayList<>(b.restarts);
    restarts.add(now);
    b.restarts = restarts;
    b.streak += 1;
    b.consecutiveFailures = 0;
    b.lastRestartAt = now;
    b.lastRestartResult = WatchdogRecord.RUNNING;
    b.graceUntil = null;
    b.nextRestartAllowedAt = null;
    b.healthySince = null;
    b.state(WatchdogState.RESTARTING, now);
    return new Decision(b.build(), Decision.Action.RESTART, (manual ? "manual restart" : "restarting")
        + " (" + restarts.size() + " of at most " + maxRestarts + " within " + Durations.format(window) + ")");
  }

  /**
   * The restart command ended. {@code result} is {@code success}, {@code failure}, {@code timeout}
   * or {@code interrupted}. Success starts the grace period; any result starts the backoff delay.
   */
  public Decision onRestartFinished(WatchdogRecord status, String result, Instant now) {
    WatchdogRecord.Builder b = status.toBuilder();
    Duration delay = backoffDelay(Math.max(1, status.streak()));
    b.nextRestartAllowedAt = now.plus(delay);
    b.lastRestartResult = result;
    b.consecutiveFailures = 0;
    if ("success".equals(result)) {
      b.graceUntil = now.plus(grace);
      b.state(WatchdogState.RESTARTING, now);
      return new Decision(b.build(), Decision.Action.NONE, "restart command succeeded; grace until "
          + b.graceUntil + ", next restart not before " + b.nextRestartAllowedAt);
    }
    b.graceUntil = null;
    b.state(WatchdogState.COOLING_DOWN, now);
    return new Decision(b.build(), Decision.Action.NONE, "restart command " + result
        + "; next restart not before " + b.nextRestartAllowedAt);
  }

  /**
   * Another service sharing this one's restart target restarted it successfully at {@code at}:
   * this service gets the same grace, and its failure count starts again. Its own restart budget
   * is not charged.
   */
  public Decision onSharedRestart(WatchdogRecord status, String by, Instant at) {
    WatchdogRecord.Builder b = status.toBuilder();
    Instant until = at.plus(grace);
    if (b.graceUntil == null || b.graceUntil.isBefore(until)) b.graceUntil = until;
    b.consecutiveFailures = 0;
    if (b.state == WatchdogState.FAILING) b.state(WatchdogState.RESTARTING, at);
    return new Decision(b.build(), Decision.Action.NONE,
        "restarted together with " + by + " (shared restart target); grace until " + b.graceUntil);
  }

  /**
   * Explicit re-arm: clears the breaker, the window, the backoff and the failure count. Restarts
   * resume after {@code after_failures} further failed checks.
   */
  public Decision onRearm(WatchdogRecord status, Instant now) {
    WatchdogRecord.Builder b = status.toBuilder();
    b.restarts = List.of();
    b.streak = 0;
    b.consecutiveFailures = 0;
    b.nextRestartAllowedAt = null;
    b.graceUntil = null;
    b.state(Boolean.FALSE.equals(status.lastCheckUp()) ? WatchdogState.FAILING : WatchdogState.HEALTHY, now);
    return new Decision(b.build(), Decision.Action.NONE, "re-armed from " + status.state().label());
  }

  /**
   * Startup: a status left {@code running} means the worker stopped while the command ran. The
   * attempt stays counted and the backoff starts now, so a restarted worker does not restart the
   * service again at once.
   */
  public Decision onRecover(WatchdogRecord status, Instant now) {
    if (!status.restartRunning()) return new Decision(status, Decision.Action.NONE, "nothing to recover");
    return onRestartFinished(status, "interrupted", now);
  }

  /** The delay after the k-th restart of a streak (k ≥ 1), jitter applied, never above max. */
  public Duration backoffDelay(int k) {
    double initial = backoff.initial().toNanos();
    double max = backoff.max().toNanos();
    double base = Math.min(max, initial * Math.pow(backoff.factor(), Math.min(k - 1, 1000)));
    double offset = (2 * random.getAsDouble() - 1) * backoff.jitter();
    double jittered = Math.max(0, Math.min(max, base * (1 + offset)));
    return Duration.ofNanos((long) jittered);
  }

  private List<Instant> inWindow(List<Instant> restarts, Instant now) {
    Instant cutoff = now.minus(window);
    return restarts.stream().filter(t -> t.isAfter(cutoff)).toList();
  }
}

package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.common.probe.CommandRunner;
import io.hostkeeper.common.probe.ProbeResult;
import io.hostkeeper.common.probe.ServiceProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one service: runs its probe, feeds the {@link RestartPolicy}, persists every transition
 * in the {@link WatchdogStore} before acting on it, and runs the restart command under the restart
 * target's lock. Automatic runs ({@link #tick}) and manual requests ({@link #restartNow},
 * {@link #rearm}) go through the same policy gate and the same lock.
 *
 * <p>Locking: the target lock is only ever taken with {@code tryLock} (a busy target is a policy
 * input, never a wait); the per-service state lock is held only around load-decide-save, never
 * while a command runs. So no request can deadlock and none waits for a running command.
 */
public final class ServiceWatchdog {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceWatchdog.class);

  private final String service;
  private final ServiceProbe probe;
  private final RestartConfig config;
  private final RestartPolicy policy;
  private final Duration timeout;
  private final RestartTarget target;
  private final WatchdogStore store;
  private final CommandRunner runner;
  private final WatchdogMetrics metrics;
  private final Clock clock;
  private final ReentrantLock stateLock = new ReentrantLock();
  /** Manual restart attempts not yet reported in a job run's details (they are in the store already). */
  private final ConcurrentLinkedQueue<Map<String, Object>> unreportedManual =
      new ConcurrentLinkedQueue<>();
  /** True from the commit of a restart decision until its end is committed (or fails to be). */
  private volatile boolean commandRunning;

  ServiceWatchdog(String service, ServiceProbe probe, RestartConfig config, DoubleSupplier random,
      RestartTarget target, WatchdogStore store, CommandRunner runner, WatchdogMetrics metrics,
      Clock clock) {
    this.service = Objects.requireNonNull(service, "service");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.config = Objects.requireNonNull(config, "config");
    this.policy = new RestartPolicy(config, random);
    this.timeout = config.timeout();
    this.target = Objects.requireNonNull(target, "target");
    this.store = Objects.requireNonNull(store, "store");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    metrics.init(service);
    target.join(this);
  }

  public String service() {
    return service;
  }

  public RestartConfig config() {
    return config;
  }

  /** The services sharing this one's restart command (this one included). */
  public List<String> sharedWith() {
    return target.services();
  }

  public List<String> command() {
    return target.argv();
  }

  /** One scheduled run: check, decide, and restart when the policy says so. */
  public WatchdogReport tick() {
    ProbeResult check = check();
    boolean haveTarget = target.lock().tryLock();
    try {
      WatchdogRecord before;
      Decision d;
      stateLock.lock();
      try {
        before = current();
        d = commit(before.state(), policy.onCheck(before, check.up(), check.reason(), clock.instant(), !haveTarget));
      } finally {
        stateLock.unlock();
      }
      WatchdogReport report = d.restart() ? restart(d, "automatic", check, before.state())
          : new WatchdogReport(service, "automatic", check, before.state(), d.next(), d.reason(), null);
      return report.withManualRestarts(drainManual());
    } finally {
      if (haveTarget) target.lock().unlock();
    }
  }

  /**
   * A manual restart through the policy's gate.
   *
   * @throws WatchdogRefusal when gave up, out of budget, backing off, or a restart is running
   */
  public WatchdogReport restartNow() {
    if (!target.lock().tryLock()) {
      throw new WatchdogRefusal("a restart of " + String.join(" ", target.argv()) + " is already running");
    }
    try {
      WatchdogRecord before;
      Decision d;
      stateLock.lock();
      try {
        before = current();
        d = policy.onManualRestart(before, clock.instant(), false);
        if (d.action() == Decision.Action.REFUSE) throw new WatchdogRefusal(d.reason());
        commit(before.state(), d);
      } finally {
        stateLock.unlock();
      }
      WatchdogReport report = restart(d, "manual", null, before.state());
      Map<String, Object> attempt = new LinkedHashMap<>(report.restart().details());
      attempt.put("started_at", String.valueOf(d.next().lastRestartAt()));
      unreportedManual.add(attempt);
      return report;
    } finally {
      target.lock().unlock();
    }
  }

  /**
   * Clears the breaker, window, backoff and failure count.
   *
   * @throws WatchdogRefusal while this service's restart command runs
   */
  public WatchdogRecord rearm() {
    stateLock.lock();
    try {
      WatchdogRecord s = current();
      if (s.restartRunning()) throw new WatchdogRefusal("a restart is running; re-arm after it ends");
      Decision d = policy.onRearm(s, clock.instant());
      persist(d.next());
      LOG.info("watchdog {}: {}", service, d.reason());
      return d.next();
    } finally {
      stateLock.unlock();
    }
  }

  /** The current persisted status (a fresh one before the first check). */
  public WatchdogRecord status() {
    stateLock.lock();
    try {
      return current();
    } finally {
      stateLock.unlock();
    }
  }

  /** Another member of the restart target restarted it successfully. */
  void sharedRestart(String by, Instant at) {
    stateLock.lock();
    try {
      WatchdogRecord before = current();
      commit(before.state(), policy.onSharedRestart(before, by, at));
    } finally {
      stateLock.unlock();
    }
  }

  private List<Map<String, Object>> drainManual() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m; (m = unreportedManual.poll()) != null; ) out.add(m);
    return out;
  }

  /** Persists a decision (marking the command as running first when it is a restart), then logs it. */
  private Decision commit(WatchdogState before, Decision d) {
    if (d.restart()) commandRunning = true;
    try {
      persist(d.next());
    } catch (RuntimeException e) {
      commandRunning = false;
      throw e;
    }
    logTransition(before, d);
    return d;
  }

  /** Runs the command of a committed restart decision and commits its end. Holds the target lock. */
  private WatchdogReport restart(Decision d, String trigger, ProbeResult check, WatchdogState before) {
    Instant started = d.next().lastRestartAt();
    Decision done;
    Instant end;
    RestartRun result;
    try {
      result = RestartRun.run(runner, target.argv(), timeout);
      stateLock.lock();
      try {
        end = clock.instant();
        done = policy.onRestartFinished(current(), result.result(), end);
        store.saveWithAttempt(done.next(), end, new WatchdogStore.RestartAttempt(trigger, started, result));
        metrics.state(service, done.next().state());
      } finally {
        stateLock.unlock();
      }
    } finally {
      commandRunning = false;
    }
    metrics.restarted(service, result.result());
    if ("success".equals(result.result())) {
      LOG.info("watchdog {}: {} ({}): {}", service, String.join(" ", target.argv()), trigger, result.describe());
    } else {
      LOG.warn("watchdog {}: restart command {} ({}): {}; output: {}", service, String.join(" ", target.argv()),
          trigger, result.describe(), result.outputTail().isEmpty() ? "(none)" : result.outputTail());
    }
    if ("success".equals(result.result())) target.restarted(this, end);
    return new WatchdogReport(service, trigger, check, before, done.next(), d.reason() + "; " + done.reason(), result);
  }

  private ProbeResult check() {
    try {
      ProbeResult r = probe.check();
      return r != null ? r : ProbeResult.down(Duration.ZERO, "the check returned no result");
    } catch (RuntimeException e) {
      return ProbeResult.down(Duration.ZERO, "the check failed: " + e);
    }
  }

  /**
   * Loads the status. A status saying {@code running} while this instance runs no command is left
   * over (the worker stopped during the command, or its end could not be saved): it is recovered as
   * an interrupted attempt. Under stateLock.
   */
  private WatchdogRecord current() {
    Instant now = clock.instant();
    WatchdogRecord s = store.load(service).orElseGet(() -> WatchdogRecord.fresh(service, now));
    if (s.restartRunning() && !commandRunning) {
      Decision d = policy.onRecover(s, now);
      persist(d.next());
      LOG.warn("watchdog {}: the restart started at {} never ended (worker stopped?): {}", service, s.lastRestartAt(), d.reason());
      s = d.next();
    }
    return s;
  }

  private void logTransition(WatchdogState before, Decision d) {
    WatchdogState after = d.next().state();
    if (after == before && !d.restart()) return;
    if (after == WatchdogState.GAVE_UP) {
      LOG.warn("watchdog {}: {} -> gave_up: {}; after fixing the cause, re-arm with `hostkeeper-worker services rearm {}`",
          service, before.label(), d.reason(), service);
    } else {
      LOG.info("watchdog {}: {} -> {}: {}", service, before.label(), after.label(), d.reason());
    }
  }

  private void persist(WatchdogRecord s) {
    store.save(s, clock.instant());
    metrics.state(service, s.state());
  }
}

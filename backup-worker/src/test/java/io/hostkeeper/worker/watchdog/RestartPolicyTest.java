package io.hostkeeper.worker.watchdog;

import static io.hostkeeper.worker.watchdog.WatchdogState.COOLING_DOWN;
import static io.hostkeeper.worker.watchdog.WatchdogState.FAILING;
import static io.hostkeeper.worker.watchdog.WatchdogState.GAVE_UP;
import static io.hostkeeper.worker.watchdog.WatchdogState.HEALTHY;
import static io.hostkeeper.worker.watchdog.WatchdogState.RESTARTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.RestartConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartPolicyTest {

  /** Drives a policy with a fake time line. */
  static final class Sim {
    final RestartPolicy policy;
    final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T03:00:00Z"));
    WatchdogRecord status = WatchdogRecord.fresh("web", clock.instant());
    Decision last;
    int restarts;

    Sim(RestartConfig config) {
      this(config, () -> 0.5);
    }

    Sim(RestartConfig config, java.util.function.DoubleSupplier random) {
      policy = new RestartPolicy(config, random);
    }

    Decision check(boolean up) {
      return apply(policy.onCheck(status, up, up ? "" : "connection refused", clock.instant(), false));
    }

    Decision finish(String result) {
      return apply(policy.onRestartFinished(status, result, clock.instant()));
    }

    Decision apply(Decision d) {
      last = d;
      status = d.next();
      if (d.restart()) restarts++;
      return d;
    }

    void advance(Duration d) {
      clock.advance(d);
    }

    /** Down checks every 15s until a restart is decided (or max checks); returns the checks made. */
    int downUntilRestart(int max) {
      for (int i = 1; i <= max; i++) {
        advance(Duration.ofSeconds(15));
        if (check(false).restart()) return i;
      }
      return -1;
    }
  }

  @ParameterizedTest(name = "after_failures={0}")
  @CsvSource({"1", "2", "3", "5"})
  void debounceRestartsOnExactlyTheNthConsecutiveFailure(int afterFailures) {
    Sim sim = new Sim(Policies.with(Policies.standard(), afterFailures, 3));
    for (int i = 1; i < afterFailures; i++) {
      assertFalse(sim.check(false).restart(), "failure " + i);
      assertEquals(FAILING, sim.status.state());
      assertEquals(i, sim.status.consecutiveFailures());
    }
    assertTrue(sim.check(false).restart());
    assertEquals(RESTARTING, sim.status.state());
    assertTrue(sim.status.restartRunning());
  }

  @Test
  void aPassingCheckBetweenFailuresRestartsTheCount() {
    Sim sim = new Sim(Policies.standard());
    sim.check(false);
    sim.check(false);
    sim.check(true);
    assertEquals(HEALTHY, sim.status.state());
    assertEquals(0, sim.status.consecutiveFailures());
    assertFalse(sim.check(false).restart());
    assertFalse(sim.check(false).restart());
    assertTrue(sim.check(false).restart());
  }

  @Test
  void flappingCheckNeverRestarts() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 2, 3));
    for (int i = 0; i < 200; i++) {
      sim.advance(Duration.ofSeconds(15));
      sim.check(i % 2 == 0);
    }
    assertEquals(0, sim.restarts);
  }

  @ParameterizedTest(name = "max_restarts={0}")
  @CsvSource({"1", "2", "3", "5"})
  void breakerTripsAtExactlyMaxRestarts(int maxRestarts) {
    RestartConfig config = Policies.config(List.of("x"), 2, Duration.ofSeconds(15), Duration.ofSeconds(30),
        Policies.backoff(10, 2, 60, 0), maxRestarts, Duration.ofHours(1), Duration.ofHours(2), Duration.ofSeconds(60));
    Sim sim = new Sim(config);
    for (int i = 1; i <= maxRestarts; i++) {
      assertTrue(sim.downUntilRestart(50) > 0, "restart " + i + " is allowed");
      sim.finish("success");
    }
    assertEquals(maxRestarts, sim.restarts);
    // The next restart that is needed trips the breaker instead.
    assertEquals(-1, sim.downUntilRestart(50));
    assertEquals(GAVE_UP, sim.status.state());
    assertEquals(maxRestarts, sim.restarts);
    // It stays: neither a recovery nor the window passing re-arms it.
    sim.advance(Duration.ofHours(3));
    sim.check(true);
    sim.check(false);
    assertEquals(GAVE_UP, sim.status.state());
    assertEquals(-1, sim.downUntilRestart(20));
    // Only an explicit re-arm does; restarts resume after the debounce.
    sim.apply(sim.policy.onRearm(sim.status, sim.clock.instant()));
    assertEquals(FAILING, sim.status.state());
    assertEquals(0, sim.status.restarts().size());
    assertEquals(2, sim.downUntilRestart(10));
  }

  @Test
  void failedCommandsCountTowardsTheBreaker() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 1, 2));
    assertEquals(1, sim.downUntilRestart(5));
    sim.finish("failure");
    assertEquals(COOLING_DOWN, sim.status.state());
    assertNull(sim.status.graceUntil(), "no grace after a command that failed");
    assertTrue(sim.downUntilRestart(10) > 0);
    sim.finish("timeout");
    assertEquals(-1, sim.downUntilRestart(10));
    assertEquals(GAVE_UP, sim.status.state());
  }

  @Test
  void restartsOutsideTheWindowDoNotCount() {
    RestartConfig config = Policies.config(List.of("x"), 1, Duration.ofSeconds(15), Duration.ofSeconds(5),
        Policies.backoff(1, 1, 1, 0), 2, Duration.ofMinutes(10), Duration.ofHours(10), Duration.ofSeconds(60));
    Sim sim = new Sim(config);
    sim.downUntilRestart(2);
    sim.finish("success");
    sim.advance(Duration.ofMinutes(6));
    sim.downUntilRestart(2);
    sim.finish("success");
    sim.advance(Duration.ofMinutes(5)); // the first restart is now 11 minutes old
    assertTrue(sim.downUntilRestart(2) > 0);
    assertEquals(2, sim.status.restarts().size());
  }

  @Test
  void noRestartAndNoCountingDuringGrace() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 1, 3));
    assertTrue(sim.check(false).restart());
    sim.finish("success");
    Instant graceUntil = sim.status.graceUntil();
    assertEquals(sim.clock.instant().plusSeconds(30), graceUntil);
    for (int i = 0; i < 29; i++) {
      sim.advance(Duration.ofSeconds(1));
      assertFalse(sim.check(false).restart(), "second " + (i + 1) + " of grace");
      assertEquals(RESTARTING, sim.status.state());
      assertEquals(0, sim.status.consecutiveFailures());
    }
    sim.advance(Duration.ofSeconds(1)); // grace over: counted again
    assertTrue(sim.check(false).restart());
  }

  @Test
  void backoffHoldsARestartBackAsCoolingDown() {
    // grace 0 so only the backoff (10s after the first restart) separates restarts
    RestartConfig config = Policies.config(List.of("x"), 1, Duration.ofSeconds(1), Duration.ZERO,
        Policies.backoff(10, 2, 60, 0), 10, Duration.ofHours(1), Duration.ofHours(2), Duration.ofSeconds(60));
    Sim sim = new Sim(config);
    assertTrue(sim.check(false).restart());
    sim.finish("success");
    for (int s = 1; s < 10; s++) {
      sim.advance(Duration.ofSeconds(1));
      assertFalse(sim.check(false).restart(), s + "s after the first restart");
      assertEquals(COOLING_DOWN, sim.status.state());
    }
    sim.advance(Duration.ofSeconds(1));
    assertTrue(sim.check(false).restart(), "10s after the first restart");
    sim.finish("success");
    sim.advance(Duration.ofSeconds(19));
    assertFalse(sim.check(false).restart(), "19s after the second");
    sim.advance(Duration.ofSeconds(1));
    assertTrue(sim.check(false).restart(), "20s after the second");
  }

  @ParameterizedTest(name = "after restart {0}: {1}s")
  @CsvSource({"1,10", "2,20", "3,40", "4,60", "5,60", "10,60", "60,60", "2000,60"})
  void backoffGrowsAndTheCapHolds(int k, long seconds) {
    RestartPolicy policy = new RestartPolicy(Policies.standard(), () -> 0.5);
    assertEquals(Duration.ofSeconds(seconds), policy.backoffDelay(k));
  }

  @ParameterizedTest(name = "jitter {0}")
  @CsvSource({"0.1", "0.5", "1.0"})
  void jitterIsBoundedAndTheCapStillHolds(double jitter) {
    Random random = new Random(42);
    List<Double> draws = new ArrayList<>(List.of(0.0, 0.999999));
    for (int i = 0; i < 500; i++) draws.add(random.nextDouble());
    for (double r : draws) {
      RestartPolicy policy = new RestartPolicy(
          Policies.withBackoff(Policies.standard(), Policies.backoff(10, 2, 60, jitter)), () -> r);
      for (int k = 1; k <= 6; k++) {
        double base = Math.min(60, 10 * Math.pow(2, k - 1));
        double got = policy.backoffDelay(k).toNanos() / 1e9;
        assertTrue(got >= base * (1 - jitter) - 1e-6, "k=" + k + " r=" + r + ": " + got);
        assertTrue(got <= Math.min(60, base * (1 + jitter)) + 1e-6, "k=" + k + " r=" + r + ": " + got);
      }
    }
    RestartPolicy low = new RestartPolicy(
        Policies.withBackoff(Policies.standard(), Policies.backoff(10, 2, 60, jitter)), () -> 0.0);
    assertEquals(10 * (1 - jitter), low.backoffDelay(1).toNanos() / 1e9, 1e-6, "the lower bound is reached");
  }

  @Test
  void healthyForResetAfterResetsTheCounters() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 1, 3));
    sim.check(false);
    sim.finish("success");
    sim.advance(Duration.ofMinutes(1));
    sim.check(false);
    sim.finish("success");
    assertEquals(2, sim.status.streak());
    sim.advance(Duration.ofSeconds(40));
    sim.check(true);
    Instant healthyFrom = sim.clock.instant();
    // healthy, but not for 30 minutes yet: counters stay
    while (sim.clock.instant().isBefore(healthyFrom.plus(Duration.ofMinutes(30)).minusSeconds(15))) {
      sim.advance(Duration.ofSeconds(15));
      sim.check(true);
      assertEquals(2, sim.status.streak(), "the backoff exponent is kept");
      assertTrue(sim.status.nextRestartAllowedAt() != null);
    }
    sim.advance(Duration.ofSeconds(15));
    sim.check(true);
    assertEquals(0, sim.status.streak(), "reset after 30m healthy");
    assertEquals(List.of(), sim.status.restarts());
    assertNull(sim.status.nextRestartAllowedAt());
    // a new streak starts from the initial backoff
    sim.check(false);
    sim.finish("success");
    assertEquals(sim.clock.instant().plusSeconds(10), sim.status.nextRestartAllowedAt());
  }

  @Test
  void aFailureInterruptsTheHealthyRunTowardsReset() {
    RestartConfig config = Policies.config(List.of("x"), 2, Duration.ofSeconds(15), Duration.ZERO,
        Policies.backoff(10, 2, 60, 0), 3, Duration.ofHours(10), Duration.ofMinutes(30), Duration.ofSeconds(60));
    Sim sim = new Sim(config);
    sim.downUntilRestart(5);
    sim.finish("success");
    sim.check(true);
    sim.advance(Duration.ofMinutes(20));
    sim.check(true);
    sim.advance(Duration.ofSeconds(15));
    sim.check(false); // one failure, below the debounce
    sim.advance(Duration.ofSeconds(15));
    sim.check(true);
    sim.advance(Duration.ofMinutes(20)); // 40m since first healthy, but only 20m since the failure
    sim.check(true);
    assertEquals(1, sim.status.streak());
    sim.advance(Duration.ofMinutes(10));
    sim.check(true);
    assertEquals(0, sim.status.streak());
  }

  @Test
  void manualRestartPassesTheSameGate() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 3, 2));
    Instant now = sim.clock.instant();
    Decision ok = sim.apply(sim.policy.onManualRestart(sim.status, now, false));
    assertEquals(Decision.Action.RESTART, ok.action(), "no debounce for a manual restart");
    assertEquals(Decision.Action.REFUSE, sim.policy.onManualRestart(sim.status, now, false).action(),
        "refused while the command runs");
    sim.finish("success");
    Decision backoff = sim.policy.onManualRestart(sim.status, sim.clock.instant(), false);
    assertEquals(Decision.Action.REFUSE, backoff.action());
    assertTrue(backoff.reason().contains("backoff"), backoff.reason());
    assertEquals(Decision.Action.REFUSE, sim.policy.onManualRestart(sim.status, sim.clock.instant().plusSeconds(60), true).action(),
        "refused while the target is busy");
    sim.advance(Duration.ofSeconds(10));
    assertTrue(sim.apply(sim.policy.onManualRestart(sim.status, sim.clock.instant(), false)).restart());
    sim.finish("success");
    sim.advance(Duration.ofMinutes(1));
    Decision budget = sim.policy.onManualRestart(sim.status, sim.clock.instant(), false);
    assertEquals(Decision.Action.REFUSE, budget.action());
    assertTrue(budget.reason().contains("max_restarts"), budget.reason());
    assertEquals(RESTARTING, sim.status.state(), "a refusal changes nothing");
  }

  @Test
  void manualRestartIsRefusedWhenGaveUp() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 1, 1));
    sim.check(false);
    sim.finish("failure");
    sim.advance(Duration.ofMinutes(1));
    sim.check(false);
    assertEquals(GAVE_UP, sim.status.state());
    Decision d = sim.policy.onManualRestart(sim.status, sim.clock.instant(), false);
    assertEquals(Decision.Action.REFUSE, d.action());
    assertTrue(d.reason().contains("re-arm"), d.reason());
  }

  @Test
  void interruptedRestartStaysCountedAndBacksOff() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 1, 3));
    sim.check(false);
    assertTrue(sim.status.restartRunning());
    sim.advance(Duration.ofMinutes(2)); // the worker was down meanwhile
    sim.apply(sim.policy.onRecover(sim.status, sim.clock.instant()));
    assertEquals(COOLING_DOWN, sim.status.state());
    assertEquals("interrupted", sim.status.lastRestartResult());
    assertEquals(1, sim.status.restarts().size());
    assertFalse(sim.check(false).restart(), "not restarted again at once");
    assertEquals(COOLING_DOWN, sim.status.state());
  }

  @Test
  void checksWhileTheCommandRunsAreNotCounted() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 1, 3));
    sim.check(false);
    for (int i = 0; i < 5; i++) {
      assertFalse(sim.check(false).restart());
      assertEquals(RESTARTING, sim.status.state());
    }
  }

  @Test
  void aBusySharedTargetDefersTheRestartWithoutChargingIt() {
    Sim sim = new Sim(Policies.with(Policies.standard(), 1, 3));
    Decision d = sim.apply(sim.policy.onCheck(sim.status, false, "down", sim.clock.instant(), true));
    assertFalse(d.restart());
    assertEquals(FAILING, sim.status.state());
    assertEquals(0, sim.status.restarts().size());
    sim.apply(sim.policy.onSharedRestart(sim.status, "web-tcp", sim.clock.instant()));
    assertEquals(RESTARTING, sim.status.state());
    assertEquals(sim.clock.instant().plusSeconds(30), sim.status.graceUntil());
    sim.advance(Duration.ofSeconds(15));
    assertFalse(sim.check(false).restart(), "within the shared grace");
    sim.advance(Duration.ofSeconds(15));
    assertTrue(sim.check(false).restart(), "after it");
  }
}

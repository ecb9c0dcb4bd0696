package io.hostkeeper.common.probe;

import java.time.Duration;

/** A started stopwatch on {@link System#nanoTime()}, with the deadline of a timeout. */
final class Elapsed {
  private final long start = System.nanoTime();
  private final long deadline;

  Elapsed(Duration timeout) {
    this.deadline = start + timeout.toNanos();
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Time left before the deadline, never negative. */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  ProbeResult up() {
    return ProbeResult.up(elapsed());
  }

  ProbeResult down(String reason) {
    return ProbeResult.down(elapsed(), reason);
  }
}

package io.hostkeeper.exporter.status;

import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * CPU busy percentage between two readings of cumulative (busy, total) CPU seconds. The first call
 * takes two readings {@code minInterval} apart; later calls measure since the previous reading, and
 * calls closer together than {@code minInterval} reuse the last figure (too short a window is noise).
 */
public final class CpuUsage {
  /** Reads cumulative {busySeconds, totalSeconds}, or null when unreadable. */
  public interface Sampler extends Supplier<double[]> {}

  /** Sleeps; a seam so tests do not wait. */
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final Sampler sampler;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final long minIntervalNanos;
  private double[] previous;
  private long previousNanos;
  private OptionalDouble last = OptionalDouble.empty();

  public CpuUsage(Sampler sampler, LongSupplier nanoTime, Sleeper sleeper, long minIntervalNanos) {
    if (minIntervalNanos <= 0) throw new IllegalArgumentException("minimum interval must be positive");
    this.sampler = sampler;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.minIntervalNanos = minIntervalNanos;
  }

  public static CpuUsage system(Sampler sampler) {
    return new CpuUsage(sampler, System::nanoTime, n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)), 250_000_000L);
  }

  public synchronized OptionalDouble percent() throws InterruptedException {
    if (previous == null) {
      previous = sampler.get();
      previousNanos = nanoTime.getAsLong();
      if (previous == null) return OptionalDouble.empty();
      sleeper.sleep(minIntervalNanos);
    }
    long now = nanoTime.getAsLong();
    if (now - previousNanos < minIntervalNanos && last.isPresent()) return last;
    double[] current = sampler.get();
    if (current == null) return OptionalDouble.empty();
    double busy = current[0] - previous[0];
    double total = current[1] - previous[1];
    previous = current;
    previousNanos = now;
    if (total > 0 && busy >= 0) last = OptionalDouble.of(Math.min(100.0, 100.0 * busy / total));
    return last;
  }
}

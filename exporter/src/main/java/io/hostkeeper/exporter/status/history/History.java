package io.hostkeeper.exporter.status.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status page's in-process history: one {@link Ring} per series, all sampled together at a fixed
 * interval. Its size is fixed: {@link #MAX_SERIES} series of {@code capacity} samples each (1440 a
 * series: 24 h at one a minute), 12 bytes a sample, so at most about 0.5 MiB whatever the uptime.
 * A series absent at a sample time gets a gap (NaN), never a zero.
 */
public final class History {
  /** Fixed series, then up to {@link #MAX_DISKS} {@code disk:MOUNT} series. */
  public static final int MAX_DISKS = 16;
  public static final int MAX_SERIES = Series.FIXED.size() + MAX_DISKS;

  /** A series' name, unit (as the API reports it) and title (as the page shows it). */
  public record Series(String name, String unit, String title) {
    static final List<Series> FIXED = List.of(
        new Series("cpu", "percent", "CPU busy"),
        new Series("memory", "percent", "Memory used"),
        new Series("swap", "percent", "Swap used"),
        new Series("load1", "load", "Load (1 min)"),
        new Series("temperature", "celsius", "CPU temperature"),
        new Series("net_rx", "bytes_per_second", "Network received"),
        new Series("net_tx", "bytes_per_second", "Network sent"));

    static Series disk(String mountpoint) {
      return new Series("disk:" + mountpoint, "percent", "Disk used " + mountpoint);
    }
  }

  /** Samples of one series over a range. */
  public record Points(Series series, Duration step, List<Ring.Point> points) {}

  private final int capacity;
  private final Duration step;
  private final Map<String, Ring> rings = new LinkedHashMap<>();
  private final Map<String, Series> series = new LinkedHashMap<>();

  public History(int capacity, Duration step) {
    if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("the sample interval must be positive");
    this.capacity = capacity;
    this.step = step;
    for (Series s : Series.FIXED) {
      series.put(s.name(), s);
      rings.put(s.name(), new Ring(capacity));
    }
  }

  /** 24 hours of samples at {@code step}, at most 1440 a series. */
  public static History forDay(Duration step) {
    long n = Duration.ofDays(1).toSeconds() / Math.max(1, step.toSeconds());
    return new History((int) Math.max(1, Math.min(1440, n)), step);
  }

  public Duration step() {
    return step;
  }

  /** How far back the buffers reach when full. */
  public Duration window() {
    return step.multipliedBy(capacity);
  }

  /**
   * Records one sample time: every known series gets the value in {@code values} or a gap. A disk
   * series is added when first seen, up to {@link #MAX_DISKS}; further mounts are not kept.
   */
  public synchronized void record(Instant at, Map<String, Double> values) {
    for (String name : values.keySet()) {
      if (!series.containsKey(name) && name.startsWith("disk:") && rings.size() < MAX_SERIES) {
        series.put(name, Series.disk(name.substring("disk:".length())));
        rings.put(name, new Ring(capacity));
      }
    }
    long t = at.getEpochSecond();
    for (Map.Entry<String, Ring> e : rings.entrySet()) {
      Double v = values.get(e.getKey());
      e.getValue().add(t, v == null ? Double.NaN : v);
    }
  }

  public synchronized List<Series> series() {
    return new ArrayList<>(series.values());
  }

  public synchronized Optional<Points> query(String name, Duration range, Instant now) {
    Ring r = rings.get(name);
    if (r == null) return Optional.empty();
    return Optional.of(new Points(series.get(name), step, r.since(now.minus(range).getEpochSecond())));
  }

  /** The newest value of a series, NaN when none or a gap. */
  public synchronized double last(String name) {
    Ring r = rings.get(name);
    return r == null ? Double.NaN : r.last();
  }

  /** Samples held in all buffers (for the bound test and the docs). */
  public synchronized int samplesHeld() {
    int n = 0;
    for (Ring r : rings.values()) n += r.size();
    return n;
  }

  public int capacityPerSeries() {
    return capacity;
  }
}

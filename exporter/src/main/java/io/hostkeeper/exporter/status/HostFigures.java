package io.hostkeeper.exporter.status;

import io.hostkeeper.exporter.scrape.ScrapeRound;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The host's headline figures read from one collection round, shared by {@code /api/status}, the
 * status page and its history so all three agree. Pure: no I/O, an absent series gives an empty
 * result, never 0.
 */
public final class HostFigures {
  private HostFigures() {}

  /** A gauge family's first value. */
  public static OptionalDouble single(ScrapeRound c, String name) {
    Optional<MetricSnapshot> s = c.family(name);
    if (s.isEmpty() || !(s.get() instanceof GaugeSnapshot g) || g.getDataPoints().isEmpty()) return OptionalDouble.empty();
    return OptionalDouble.of(g.getDataPoints().get(0).getValue());
  }

  /** Memory in use, percent: 1 − available / total. */
  public static OptionalDouble memoryPercent(ScrapeRound c) {
    OptionalDouble total = single(c, "hostkeeper_memory_total_bytes");
    OptionalDouble avail = single(c, "hostkeeper_memory_available_bytes");
    if (total.isEmpty() || avail.isEmpty() || total.getAsDouble() <= 0) return OptionalDouble.empty();
    return OptionalDouble.of(100.0 * (1 - avail.getAsDouble() / total.getAsDouble()));
  }

  /** Swap in use, percent; empty on a host without swap. */
  public static OptionalDouble swapPercent(ScrapeRound c) {
    OptionalDouble total = single(c, "hostkeeper_swap_total_bytes");
    OptionalDouble used = single(c, "hostkeeper_swap_used_bytes");
    if (total.isEmpty() || used.isEmpty() || total.getAsDouble() <= 0) return OptionalDouble.empty();
    return OptionalDouble.of(100.0 * used.getAsDouble() / total.getAsDouble());
  }

  /** Per mount point (sorted), the use as df shows it, or NaN where statvfs failed; read-only mounts left out. */
  public static Map<String, Double> diskPercents(ScrapeRound c) {
    Map<String, Double> size = byMount(c, "hostkeeper_filesystem_size_bytes");
    Map<String, Double> free = byMount(c, "hostkeeper_filesystem_free_bytes");
    Map<String, Double> avail = byMount(c, "hostkeeper_filesystem_avail_bytes");
    Map<String, Double> ro = byMount(c, "hostkeeper_filesystem_readonly");
    Map<String, Double> err = byMount(c, "hostkeeper_filesystem_device_error");
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : err.entrySet()) {
      String mp = e.getKey();
      if (ro.getOrDefault(mp, 0.0) == 1.0) continue;
      if (e.getValue() == 1.0) {
        out.put(mp, Double.NaN);
        continue;
      }
      Double s = size.get(mp);
      Double f = free.get(mp);
      Double a = avail.get(mp);
      if (s == null || f == null || a == null || s <= 0) continue;
      double used = s - f;
      if (used + a <= 0) continue;
      out.put(mp, 100.0 * used / (used + a));
    }
    return out;
  }

  /** The headline CPU temperature, else the hottest sensor. */
  public static OptionalDouble temperature(ScrapeRound c) {
    OptionalDouble cpuTemp = single(c, "hostkeeper_cpu_temperature_celsius");
    if (cpuTemp.isPresent()) return cpuTemp;
    Optional<MetricSnapshot> all = c.family("hostkeeper_temperature_celsius");
    if (all.isEmpty()) return OptionalDouble.empty();
    double max = Double.NaN;
    for (DataPointSnapshot p : all.get().getDataPoints()) {
      if (p instanceof GaugeDataPointSnapshot g && !(g.getValue() <= max)) max = g.getValue();
    }
    return Double.isNaN(max) ? OptionalDouble.empty() : OptionalDouble.of(max);
  }

  /** The sum of a counter family's points whose labels {@code keep} accepts; empty when the family is absent. */
  public static OptionalDouble counterSum(ScrapeRound c, String family, Predicate<DataPointSnapshot> keep) {
    Optional<MetricSnapshot> s = c.family(family);
    if (s.isEmpty()) return OptionalDouble.empty();
    double sum = 0;
    boolean any = false;
    for (DataPointSnapshot p : s.get().getDataPoints()) {
      if (p instanceof CounterDataPointSnapshot v && keep.test(p)) {
        sum += v.getValue();
        any = true;
      }
    }
    return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  /** Gauge values by the {@code mountpoint} label, sorted by mount point. */
  static Map<String, Double> byMount(ScrapeRound c, String name) {
    Map<String, Double> out = new TreeMap<>();
    c.family(name).ifPresent(s -> {
      for (DataPointSnapshot p : s.getDataPoints()) {
        if (p instanceof GaugeDataPointSnapshot g) out.put(p.getLabels().get("mountpoint"), g.getValue());
      }
    });
    return out;
  }
}

package io.hostkeeper.exporter.status;

import io.hostkeeper.common.config.ThresholdsConfig;
import io.hostkeeper.exporter.scrape.Collection;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The host checks of {@code /api/status}, computed from the same collection round {@code /metrics}
 * serves (so both agree): CPU busy %, memory used % (1 − available/total), swap used %, disk used %
 * per mount (as df: used / (used + available), read-only mounts skipped) and the hottest temperature
 * when a thermal collector reports one.
 */
public final class HostStatusContributor implements StatusContributor {
  /** The round to judge; may block while a collection is in flight. */
  public interface CollectionSource {
    Collection get() throws InterruptedException;
  }

  private final CollectionSource source;
  private final ThresholdsConfig thresholds;
  private final CpuUsage cpu;

  public HostStatusContributor(CollectionSource source, ThresholdsConfig thresholds, CpuUsage cpu) {
    this.source = source;
    this.thresholds = thresholds;
    this.cpu = cpu;
  }

  @Override
  public String name() {
    return "host";
  }

  @Override
  public List<StatusCheck> checks() throws InterruptedException {
    Collection c = source.get();
    List<StatusCheck> out = new ArrayList<>();
    OptionalDouble busy = cpu == null ? OptionalDouble.empty() : cpu.percent();
    out.add(busy.isPresent() ? StatusCheck.judge("cpu", busy.getAsDouble(), "percent", thresholds.cpu())
        : StatusCheck.unknown("cpu", "CPU times could not be read"));
    OptionalDouble memTotal = single(c, "hostkeeper_memory_total_bytes");
    OptionalDouble memAvail = single(c, "hostkeeper_memory_available_bytes");
    if (memTotal.isPresent() && memAvail.isPresent() && memTotal.getAsDouble() > 0) {
      double pct = 100.0 * (1 - memAvail.getAsDouble() / memTotal.getAsDouble());
      out.add(StatusCheck.judge("memory", pct, "percent", thresholds.memory()));
    } else {
      out.add(StatusCheck.unknown("memory", "memory figures could not be read"));
    }
    OptionalDouble swapTotal = single(c, "hostkeeper_swap_total_bytes");
    OptionalDouble swapUsed = single(c, "hostkeeper_swap_used_bytes");
    if (swapTotal.isPresent() && swapUsed.isPresent() && swapTotal.getAsDouble() > 0) {
      out.add(StatusCheck.judge("swap", 100.0 * swapUsed.getAsDouble() / swapTotal.getAsDouble(), "percent", thresholds.swap()));
    }
    out.addAll(disks(c));
    temperature(c).ifPresent(t -> out.add(StatusCheck.judge("temperature", t, "celsius", thresholds.temperature())));
    return out;
  }

  private List<StatusCheck> disks(Collection c) {
    Map<String, Double> size = byMount(c, "hostkeeper_filesystem_size_bytes");
    Map<String, Double> free = byMount(c, "hostkeeper_filesystem_free_bytes");
    Map<String, Double> avail = byMount(c, "hostkeeper_filesystem_avail_bytes");
    Map<String, Double> ro = byMount(c, "hostkeeper_filesystem_readonly");
    Map<String, Double> err = byMount(c, "hostkeeper_filesystem_device_error");
    List<StatusCheck> out = new ArrayList<>();
    for (Map.Entry<String, Double> e : err.entrySet()) {
      String mp = e.getKey();
      if (ro.getOrDefault(mp, 0.0) == 1.0) continue;
      if (e.getValue() == 1.0) {
        out.add(StatusCheck.unknown("disk:" + mp, "statvfs failed or hung"));
        continue;
      }
      Double s = size.get(mp);
      Double f = free.get(mp);
      Double a = avail.get(mp);
      if (s == null || f == null || a == null || s <= 0) continue;
      double used = s - f;
      if (used + a <= 0) continue;
      out.add(StatusCheck.judge("disk:" + mp, 100.0 * used / (used + a), "percent", thresholds.disk()));
    }
    return out;
  }

  private static Optional<Double> temperature(Collection c) {
    OptionalDouble cpuTemp = single(c, "hostkeeper_cpu_temperature_celsius");
    if (cpuTemp.isPresent()) return Optional.of(cpuTemp.getAsDouble());
    Optional<MetricSnapshot> all = c.family("hostkeeper_temperature_celsius");
    if (all.isEmpty()) return Optional.empty();
    double max = Double.NaN;
    for (DataPointSnapshot p : all.get().getDataPoints()) {
      if (p instanceof GaugeDataPointSnapshot g && !(g.getValue() <= max)) max = g.getValue();
    }
    return Double.isNaN(max) ? Optional.empty() : Optional.of(max);
  }

  private static OptionalDouble single(Collection c, String name) {
    Optional<MetricSnapshot> s = c.family(name);
    if (s.isEmpty() || !(s.get() instanceof GaugeSnapshot g) || g.getDataPoints().isEmpty()) return OptionalDouble.empty();
    return OptionalDouble.of(g.getDataPoints().get(0).getValue());
  }

  private static Map<String, Double> byMount(Collection c, String name) {
    Map<String, Double> out = new HashMap<>();
    c.family(name).ifPresent(s -> {
      for (DataPointSnapshot p : s.getDataPoints()) {
        Labels l = p.getLabels();
        if (p instanceof GaugeDataPointSnapshot g) out.put(l.get("mountpoint"), g.getValue());
      }
    });
    return new java.util.TreeMap<>(out);
  }
}

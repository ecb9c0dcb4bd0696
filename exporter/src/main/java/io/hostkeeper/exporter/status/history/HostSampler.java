package io.hostkeeper.exporter.status.history;

import io.hostkeeper.exporter.scrape.ScrapeRound;
import io.hostkeeper.exporter.status.HostFigures;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns collection rounds into history values: gauges as they are, and rates (CPU busy, network
 * bytes per second) from the counters' change since the previous round. Pure apart from the
 * previous round it keeps; a counter that went backwards (a reset) or a first round gives a gap.
 */
public final class HostSampler {
  private static final Set<String> IDLE_MODES = Set.of("idle", "iowait", "steal");

  private double prevCpuBusy = Double.NaN;
  private double prevCpuTotal = Double.NaN;
  private double prevRx = Double.NaN;
  private double prevTx = Double.NaN;
  private Instant prevAt;

  public synchronized Map<String, Double> sample(ScrapeRound c, Instant at) {
    Map<String, Double> out = new HashMap<>();
    put(out, "memory", HostFigures.memoryPercent(c));
    put(out, "swap", HostFigures.swapPercent(c));
    put(out, "load1", HostFigures.single(c, "hostkeeper_load1"));
    put(out, "temperature", HostFigures.temperature(c));
    HostFigures.diskPercents(c).forEach((mp, pct) -> {
      if (!pct.isNaN()) out.put("disk:" + mp, pct);
    });

    OptionalDouble total = HostFigures.counterSum(c, "hostkeeper_cpu_seconds", p -> true);
    OptionalDouble idle = HostFigures.counterSum(c, "hostkeeper_cpu_seconds", p -> IDLE_MODES.contains(p.getLabels().get("mode")));
    double busy = total.isPresent() && idle.isPresent() ? total.getAsDouble() - idle.getAsDouble() : Double.NaN;
    double tot = total.isPresent() ? total.getAsDouble() : Double.NaN;
    double dBusy = busy - prevCpuBusy;
    double dTotal = tot - prevCpuTotal;
    if (dTotal > 0 && dBusy >= 0) out.put("cpu", Math.min(100.0, 100.0 * dBusy / dTotal));
    prevCpuBusy = busy;
    prevCpuTotal = tot;

    double rx = sumNotLoopback(c, "hostkeeper_network_receive_bytes");
    double tx = sumNotLoopback(c, "hostkeeper_network_transmit_bytes");
    if (prevAt != null) {
      double seconds = (at.toEpochMilli() - prevAt.toEpochMilli()) / 1000.0;
      if (seconds > 0 && rx - prevRx >= 0) out.put("net_rx", (rx - prevRx) / seconds);
      if (seconds > 0 && tx - prevTx >= 0) out.put("net_tx", (tx - prevTx) / seconds);
    }
    prevRx = rx;
    prevTx = tx;
    prevAt = at;
    return out;
  }

  private static double sumNotLoopback(ScrapeRound c, String family) {
    OptionalDouble v = HostFigures.counterSum(c, family, p -> !"lo".equals(p.getLabels().get("device")));
    return v.isPresent() ? v.getAsDouble() : Double.NaN;
  }

  private static void put(Map<String, Double> out, String name, OptionalDouble v) {
    if (v.isPresent()) out.put(name, v.getAsDouble());
  }
}

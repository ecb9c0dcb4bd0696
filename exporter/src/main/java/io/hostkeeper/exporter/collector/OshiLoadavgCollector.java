package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import oshi.hardware.CentralProcessor;

/** Load averages through OSHI; absent where the platform has none (Windows reports negative values). */
public final class OshiLoadavgCollector implements Collector {
  private final CentralProcessor cpu;

  public OshiLoadavgCollector(CentralProcessor cpu) {
    this.cpu = cpu;
  }

  @Override
  public String name() {
    return "loadavg";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    double[] l = cpu.getSystemLoadAverage(3);
    List<MetricSnapshot> out = new ArrayList<>(3);
    String[] names = {"hostkeeper_load1", "hostkeeper_load5", "hostkeeper_load15"};
    String[] help = {"1-minute load average.", "5-minute load average.", "15-minute load average."};
    for (int i = 0; i < 3; i++) if (l[i] >= 0) out.add(Families.gauge(names[i], help[i], l[i]));
    return out;
  }
}

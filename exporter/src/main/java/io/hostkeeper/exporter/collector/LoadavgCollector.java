package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.List;

/** Load averages from {@code /proc/loadavg}. */
public final class LoadavgCollector implements Collector {
  private final HostRoots roots;

  public LoadavgCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "loadavg";
  }

  /** The 1, 5 and 15 minute load averages. */
  public static double[] parse(String loadavg) {
    String[] f = Fields.split(loadavg);
    if (f.length < 3) throw new IllegalArgumentException("unexpected /proc/loadavg content: " + loadavg.trim());
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
  }

  public static List<MetricSnapshot> snapshots(double[] load) {
    return Families.list(
        Families.gauge("hostkeeper_load1", "1-minute load average.", load[0]),
        Families.gauge("hostkeeper_load5", "5-minute load average.", load[1]),
        Families.gauge("hostkeeper_load15", "15-minute load average.", load[2]));
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    return snapshots(parse(ProcFiles.read(roots.proc("loadavg"))));
  }
}

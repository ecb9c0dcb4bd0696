package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Linux pressure stall information ({@code /proc/pressure/*}): total time some tasks waited
 * ({@code some}) and all non-idle tasks stalled ({@code full}), in seconds. Absent on kernels without PSI.
 */
public final class PressureCollector implements Collector {
  static final String[] RESOURCES = {"cpu", "io", "memory", "irq"};
  private final HostRoots roots;

  public PressureCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "pressure";
  }

  /** {@code {some_total_seconds, full_total_seconds}}; NaN for a line that is missing. */
  public static double[] parse(String content) {
    double[] out = {Double.NaN, Double.NaN};
    for (String line : content.split("\n")) {
      int kind = line.startsWith("some ") ? 0 : line.startsWith("full ") ? 1 : -1;
      if (kind < 0) continue;
      int t = line.indexOf("total=");
      if (t < 0) continue;
      int end = line.indexOf(' ', t);
      out[kind] = Double.parseDouble(line.substring(t + 6, end < 0 ? line.length() : end).trim()) / 1e6;
    }
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws Exception {
    if (!Files.isDirectory(roots.proc("pressure"))) {
      throw new IllegalStateException("no " + roots.proc("pressure") + " (kernel without PSI); disable the pressure collector");
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (String r : RESOURCES) {
      Optional<String> text = ProcFiles.readOptional(roots.proc("pressure/" + r));
      if (text.isEmpty()) continue;
      double[] v = parse(text.get());
      Families.Counter waiting = new Families.Counter("hostkeeper_pressure_" + r + "_waiting_seconds",
          "Total time some tasks were delayed waiting for " + r + " (PSI some), in seconds.");
      waiting.add(v[0]).addTo(out);
      Families.Counter stalled = new Families.Counter("hostkeeper_pressure_" + r + "_stalled_seconds",
          "Total time all non-idle tasks were stalled on " + r + " (PSI full), in seconds.");
      stalled.add(v[1]).addTo(out);
    }
    return out;
  }
}

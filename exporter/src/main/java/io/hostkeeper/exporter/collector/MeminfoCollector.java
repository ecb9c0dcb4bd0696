package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Memory and swap from {@code /proc/meminfo}, in bytes. Fields the kernel does not report are absent. */
public final class MeminfoCollector implements Collector {
  private final HostRoots roots;

  public MeminfoCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "meminfo";
  }

  /** Field name to value in bytes ({@code kB} values are multiplied by 1024; unit-less ones kept as is). */
  public static Map<String, Double> parse(String meminfo) {
    Map<String, Double> out = new HashMap<>();
    for (String line : meminfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) continue;
      String[] f = Fields.split(line.substring(colon + 1));
      if (f.length == 0 || f[0].isEmpty()) continue;
      double v;
      try {
        v = Double.parseDouble(f[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (f.length > 1 && f[1].equalsIgnoreCase("kB")) v *= 1024;
      out.put(line.substring(0, colon), v);
    }
    return out;
  }

  public static List<MetricSnapshot> snapshots(Map<String, Double> m) {
    List<MetricSnapshot> out = new ArrayList<>();
    put(out, m, "MemTotal", "hostkeeper_memory_total_bytes", "Total usable memory in bytes.");
    put(out, m, "MemAvailable", "hostkeeper_memory_available_bytes",
        "Memory available for new work without swapping, in bytes (MemAvailable).");
    put(out, m, "MemFree", "hostkeeper_memory_free_bytes", "Unused memory in bytes (MemFree).");
    put(out, m, "Buffers", "hostkeeper_memory_buffers_bytes", "Memory in block device buffers, in bytes.");
    put(out, m, "Cached", "hostkeeper_memory_cached_bytes", "Memory in the page cache, in bytes.");
    put(out, m, "SwapTotal", "hostkeeper_swap_total_bytes", "Total swap space in bytes.");
    Double swapTotal = m.get("SwapTotal");
    Double swapFree = m.get("SwapFree");
    if (swapTotal != null && swapFree != null) {
      out.add(Families.gauge("hostkeeper_swap_used_bytes", "Swap space in use, in bytes.", swapTotal - swapFree));
    }
    return out;
  }

  private static void put(List<MetricSnapshot> out, Map<String, Double> m, String field, String name, String help) {
    Double v = m.get(field);
    if (v != null) out.add(Families.gauge(name, help, v));
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    return snapshots(parse(ProcFiles.read(roots.proc("meminfo"))));
  }
}

package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Boot time, context switches, forks and running/blocked process counts from {@code /proc/stat}. */
public final class StatCollector implements Collector {
  private final HostRoots roots;

  public StatCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "stat";
  }

  /** The single-value lines of /proc/stat that this collector exports ({@code btime}, {@code ctxt}, ...). */
  public static Map<String, Double> parse(String procStat) {
    Map<String, Double> out = new HashMap<>();
    for (String line : procStat.split("\n")) {
      int sp = line.indexOf(' ');
      if (sp <= 0) continue;
      String key = line.substring(0, sp);
      switch (key) {
        case "btime", "ctxt", "processes", "procs_running", "procs_blocked" -> {
          try {
            out.put(key, Double.parseDouble(line.substring(sp + 1).trim()));
          } catch (NumberFormatException ignored) {
            // absent, not zero
          }
        }
        default -> { }
      }
    }
    return out;
  }

  public static List<MetricSnapshot> snapshots(Map<String, Double> s) {
    List<MetricSnapshot> out = new ArrayList<>();
    Double v;
    if ((v = s.get("btime")) != null) {
      out.add(Families.gauge("hostkeeper_boot_time_seconds", "When the host booted, in seconds since the epoch.", v));
    }
    if ((v = s.get("ctxt")) != null) {
      out.add(Families.counter("hostkeeper_context_switches", "Context switches since boot.", v));
    }
    if ((v = s.get("processes")) != null) {
      out.add(Families.counter("hostkeeper_forks", "Processes and threads created since boot.", v));
    }
    if ((v = s.get("procs_running")) != null) {
      out.add(Families.gauge("hostkeeper_procs_running", "Runnable threads (procs_running in /proc/stat).", v));
    }
    if ((v = s.get("procs_blocked")) != null) {
      out.add(Families.gauge("hostkeeper_procs_blocked", "Threads blocked on I/O (procs_blocked in /proc/stat).", v));
    }
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    return snapshots(parse(ProcFiles.read(roots.proc("stat"))));
  }
}

package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Virtual memory event counters from {@code /proc/vmstat}: out-of-memory kills, page faults, paging
 * and swapping. The same fields node_exporter reports by default, in bytes where the kernel counts
 * pages or kilobytes. A field an older kernel lacks ({@code oom_kill} before 4.13) is absent.
 */
public final class VmstatCollector implements Collector {
  private final HostRoots roots;
  private final LongSupplier pageSize;

  public VmstatCollector(HostRoots roots, LongSupplier pageSize) {
    this.roots = roots;
    this.pageSize = pageSize;
  }

  @Override
  public String name() {
    return "vmstat";
  }

  /** The fields this collector exports, with their values as the kernel gives them. */
  static final Set<String> FIELDS = Set.of("oom_kill", "pgfault", "pgmajfault", "pgpgin", "pgpgout", "pswpin", "pswpout");

  /** The fields of {@link #FIELDS} found in {@code vmstat} ("name value" lines); others are skipped unparsed. */
  public static Map<String, Double> parse(String vmstat) {
    Map<String, Double> out = new HashMap<>();
    int n = vmstat.length();
    int start = 0;
    while (start < n) {
      int end = vmstat.indexOf('\n', start);
      if (end < 0) end = n;
      int space = vmstat.indexOf(' ', start);
      if (space > start && space < end) {
        String key = vmstat.substring(start, space);
        if (FIELDS.contains(key)) {
          try {
            out.put(key, Double.parseDouble(vmstat.substring(space + 1, end).trim()));
          } catch (NumberFormatException e) {
            // a malformed value is absent
          }
        }
      }
      start = end + 1;
    }
    return out;
  }

  public static List<MetricSnapshot> snapshots(Map<String, Double> v, long pageSize) {
    List<MetricSnapshot> out = new ArrayList<>(7);
    counter(out, "hostkeeper_oom_kills", "Processes killed by the kernel's out-of-memory killer (oom_kill).",
        v.get("oom_kill"), 1);
    counter(out, "hostkeeper_memory_page_faults", "Page faults, minor and major (pgfault).", v.get("pgfault"), 1);
    counter(out, "hostkeeper_memory_major_page_faults", "Page faults that had to read from disk (pgmajfault).",
        v.get("pgmajfault"), 1);
    counter(out, "hostkeeper_memory_paged_in_bytes", "Bytes paged in from block devices (pgpgin).", v.get("pgpgin"), 1024);
    counter(out, "hostkeeper_memory_paged_out_bytes", "Bytes paged out to block devices (pgpgout).", v.get("pgpgout"), 1024);
    counter(out, "hostkeeper_swap_in_bytes", "Bytes swapped in from swap space (pswpin).",
        v.get("pswpin"), pageSize > 0 ? pageSize : Double.NaN);
    counter(out, "hostkeeper_swap_out_bytes", "Bytes swapped out to swap space (pswpout).",
        v.get("pswpout"), pageSize > 0 ? pageSize : Double.NaN);
    return out;
  }

  private static void counter(List<MetricSnapshot> out, String name, String help, Double value, double unit) {
    if (value != null) new Families.Counter(name, help).add(value * unit).addTo(out);
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    return snapshots(parse(ProcFiles.read(roots.proc("vmstat"))), pageSize.getAsLong());
  }
}

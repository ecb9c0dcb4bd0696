package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;

/** Memory and swap through OSHI, for hosts without a Linux /proc (same names as {@link MeminfoCollector}). */
public final class OshiMemoryCollector implements Collector {
  private final GlobalMemory memory;

  public OshiMemoryCollector(GlobalMemory memory) {
    this.memory = memory;
  }

  @Override
  public String name() {
    return "meminfo";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    List<MetricSnapshot> out = new ArrayList<>(4);
    long total = memory.getTotal();
    if (total > 0) out.add(Families.gauge("hostkeeper_memory_total_bytes", "Total usable memory in bytes.", total));
    long avail = memory.getAvailable();
    if (total > 0 && avail >= 0) {
      out.add(Families.gauge("hostkeeper_memory_available_bytes", "Memory available for new work without swapping, in bytes.", avail));
    }
    VirtualMemory vm = memory.getVirtualMemory();
    out.add(Families.gauge("hostkeeper_swap_total_bytes", "Total swap space in bytes.", vm.getSwapTotal()));
    out.add(Families.gauge("hostkeeper_swap_used_bytes", "Swap space in use, in bytes.", vm.getSwapUsed()));
    return out;
  }
}

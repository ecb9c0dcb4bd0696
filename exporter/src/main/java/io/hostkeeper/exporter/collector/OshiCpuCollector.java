package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;

/** CPU seconds by mode, frequency and count through OSHI, for hosts without a Linux /proc. */
public final class OshiCpuCollector implements Collector {
  private static final TickType[] TYPES = {TickType.USER, TickType.NICE, TickType.SYSTEM, TickType.IDLE,
      TickType.IOWAIT, TickType.IRQ, TickType.SOFTIRQ, TickType.STEAL};

  private final CentralProcessor cpu;

  public OshiCpuCollector(CentralProcessor cpu) {
    this.cpu = cpu;
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    long[][] ticks = cpu.getProcessorCpuLoadTicks(); // milliseconds per mode
    Families.Counter seconds = new Families.Counter("hostkeeper_cpu_seconds", "Seconds the CPUs spent in each mode.");
    for (int c = 0; c < ticks.length; c++) {
      for (int m = 0; m < TYPES.length; m++) {
        seconds.add(ticks[c][TYPES[m].getIndex()] / 1000.0, "cpu", Integer.toString(c), "mode", CpuCollector.MODES[m]);
      }
    }
    List<MetricSnapshot> out = new ArrayList<>(3);
    seconds.addTo(out);
    Families.Gauge freq = new Families.Gauge("hostkeeper_cpu_frequency_hertz", "Current CPU frequency in hertz.");
    long[] hz = cpu.getCurrentFreq();
    for (int c = 0; c < hz.length; c++) if (hz[c] > 0) freq.add(hz[c], "cpu", Integer.toString(c));
    freq.addTo(out);
    out.add(Families.gauge("hostkeeper_cpus", "Number of logical CPUs.", cpu.getLogicalProcessorCount()));
    return out;
  }
}

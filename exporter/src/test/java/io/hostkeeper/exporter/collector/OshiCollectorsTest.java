package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.VirtualMemory;

/** The OSHI collectors (hosts without a Linux /proc) on fakes of the narrow OSHI interfaces. */
class OshiCollectorsTest {
  static final ScrapeContext CTX = new ScrapeContext(System.nanoTime() + 10_000_000_000L);

  /** A fake of {@code type} answering the named methods; any other call fails the test. */
  @SuppressWarnings("unchecked")
  static <T> T fake(Class<T> type, Map<String, Object> answers) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (!answers.containsKey(method.getName())) throw new AssertionError("unexpected call " + method.getName());
      return answers.get(method.getName());
    });
  }

  static Map<String, Double> values(List<MetricSnapshot> out) {
    Map<String, Double> m = new TreeMap<>();
    for (MetricSnapshot s : out) {
      for (DataPointSnapshot p : s.getDataPoints()) {
        double v = p instanceof GaugeDataPointSnapshot g ? g.getValue() : ((CounterDataPointSnapshot) p).getValue();
        m.put(s.getMetadata().getName() + p.getLabels(), v);
      }
    }
    return m;
  }

  @Test
  void memoryAndSwap() {
    VirtualMemory vm = fake(VirtualMemory.class, Map.of("getSwapTotal", 2048L, "getSwapUsed", 512L));
    GlobalMemory mem = fake(GlobalMemory.class, Map.of("getTotal", 8192L, "getAvailable", 4096L, "getVirtualMemory", vm));
    Map<String, Double> v = values(new OshiMemoryCollector(mem).collect(CTX));
    assertEquals(8192.0, v.get("hostkeeper_memory_total_bytes{}"));
    assertEquals(4096.0, v.get("hostkeeper_memory_available_bytes{}"));
    assertEquals(2048.0, v.get("hostkeeper_swap_total_bytes{}"));
    assertEquals(512.0, v.get("hostkeeper_swap_used_bytes{}"));
  }

  @Test
  void cpuTicksInMillisecondsBecomeSecondsAndUnknownFrequencyIsAbsent() {
    long[][] ticks = new long[2][CentralProcessor.TickType.values().length];
    ticks[0][CentralProcessor.TickType.USER.getIndex()] = 1500;
    ticks[1][CentralProcessor.TickType.IDLE.getIndex()] = 250_000;
    CentralProcessor cpu = fake(CentralProcessor.class, Map.of("getProcessorCpuLoadTicks", ticks,
        "getCurrentFreq", new long[] {2_400_000_000L, 0L}, "getLogicalProcessorCount", 2,
        "getSystemLoadAverage", new double[] {0.5, -1, -1}));
    Map<String, Double> v = values(new OshiCpuCollector(cpu).collect(CTX));
    assertEquals(1.5, v.get("hostkeeper_cpu_seconds{cpu=\"0\",mode=\"user\"}"));
    assertEquals(250.0, v.get("hostkeeper_cpu_seconds{cpu=\"1\",mode=\"idle\"}"));
    assertEquals(2.4e9, v.get("hostkeeper_cpu_frequency_hertz{cpu=\"0\"}"));
    assertTrue(!v.containsKey("hostkeeper_cpu_frequency_hertz{cpu=\"1\"}"), "0 Hz means unknown: absent");
    assertEquals(2.0, v.get("hostkeeper_cpus{}"));
    Map<String, Double> load = values(new OshiLoadavgCollector(cpu).collect(CTX));
    assertEquals(Map.of("hostkeeper_load1{}", 0.5), load, "negative load averages (unavailable) are absent");
  }
}

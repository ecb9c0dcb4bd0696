package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.StatusService;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agreement with a real prometheus-node-exporter on this machine, scraped back to back: node, then
 * hostkeeper, then node again. Static values must be equal; a counter from hostkeeper must lie
 * between node_exporter's readings before and after (plus one USER_HZ tick, 0.01 s, of rounding for
 * CPU seconds). Tests compare the two exporters, never the machine's values against constants.
 * Figure-by-figure agreement on a fixed tree (meminfo, diskstats, netdev, netclass, vmstat, netstat,
 * sockstat, conntrack) is {@link NodeExporterFixtureAgreementTest}.
 */
class NodeExporterAgreementTest {
  static RealNodeExporter node;
  static ScrapeEngine engine;
  static Javalin app;

  @BeforeAll
  static void start() throws Exception {
    node = RealNodeExporter.start("--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
        "--collector.filesystem", "--collector.netdev", "--collector.stat");
    HostRoots roots = HostRoots.defaults();
    ExporterConfig cfg = TestConfigs.exporter(roots, Duration.ZERO, List.of(), List.of());
    CollectorRegistry registry = CollectorRegistry.builtIn(cfg, roots, FixtureExporter.BUILD, Clock.systemUTC());
    engine = new ScrapeEngine(registry.build(cfg.collectors()), Duration.ZERO);
    app = new ExporterApp(engine, new StatusService(Clock.systemUTC(), List.of()), FixtureExporter.BUILD, Duration.ofSeconds(10))
        .create().start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) app.stop();
    if (engine != null) engine.close();
    if (node != null) node.close();
  }

  record Scrapes(TextMetrics before, TextMetrics hk, TextMetrics after) {}

  static Scrapes scrape() throws Exception {
    TextMetrics before = TextMetrics.parse(node.metrics());
    TextMetrics hk = TextMetrics.parse(RealNodeExporter.get("http://127.0.0.1:" + app.port() + "/metrics"));
    TextMetrics after = TextMetrics.parse(node.metrics());
    return new Scrapes(before, hk, after);
  }

  @Test
  void memoryTotalAndBootTimeAreEqual() throws Exception {
    Scrapes s = scrape();
    assertEquals(s.before().value("node_memory_MemTotal_bytes"), s.hk().value("hostkeeper_memory_total_bytes"));
    assertEquals(s.before().value("node_memory_SwapTotal_bytes"), s.hk().value("hostkeeper_swap_total_bytes"));
    assertEquals(s.before().value("node_boot_time_seconds"), s.hk().value("hostkeeper_boot_time_seconds"));
  }

  @Test
  void filesystemSizesAreEqualOnEveryMountBothReport() throws Exception {
    Scrapes s = scrape();
    Map<String, Double> node = byLabel(s.before().series("node_filesystem_size_bytes"), "mountpoint");
    Map<String, Double> hk = byLabel(s.hk().series("hostkeeper_filesystem_size_bytes"), "mountpoint");
    assertTrue(hk.containsKey("/"), "hostkeeper reports / : " + hk.keySet());
    int compared = 0;
    for (Map.Entry<String, Double> e : hk.entrySet()) {
      if (!node.containsKey(e.getKey())) continue;
      assertEquals(node.get(e.getKey()), e.getValue(), "size of " + e.getKey());
      compared++;
    }
    assertTrue(compared > 0, "no mount in common: node " + node.keySet() + ", hostkeeper " + hk.keySet());
    Map<String, Double> nodeFiles = byLabel(s.before().series("node_filesystem_files"), "mountpoint");
    Map<String, Double> hkFiles = byLabel(s.hk().series("hostkeeper_filesystem_files"), "mountpoint");
    assertEquals(nodeFiles.get("/"), hkFiles.get("/"), "inodes of /");
  }

  @Test
  void networkByteCountersLieBetweenNodeExporterReadings() throws Exception {
    Scrapes s = scrape();
    Map<String, Double> hk = byLabel(s.hk().series("hostkeeper_network_receive_bytes_total"), "device");
    assertFalse(hk.isEmpty());
    for (String metric : List.of("receive_bytes_total", "transmit_bytes_total", "receive_packets_total")) {
      Map<String, Double> before = byLabel(s.before().series("node_network_" + metric), "device");
      Map<String, Double> after = byLabel(s.after().series("node_network_" + metric), "device");
      Map<String, Double> mine = byLabel(s.hk().series("hostkeeper_network_" + metric), "device");
      assertEquals(before.keySet(), mine.keySet(), metric + " devices");
      for (String dev : mine.keySet()) between(metric + "{" + dev + "}", before.get(dev), mine.get(dev), after.get(dev), 0);
    }
  }

  @Test
  void cpuSecondsLieBetweenNodeExporterReadings() throws Exception {
    Scrapes s = scrape();
    Map<Map<String, String>, Double> mine = s.hk().series("hostkeeper_cpu_seconds_total");
    assertFalse(mine.isEmpty());
    int compared = 0;
    for (Map.Entry<Map<String, String>, Double> e : mine.entrySet()) {
      Double before = s.before().series("node_cpu_seconds_total").get(e.getKey());
      Double after = s.after().series("node_cpu_seconds_total").get(e.getKey());
      assertNotNull(before, "node_exporter has no series " + e.getKey());
      between("cpu " + e.getKey(), before, e.getValue(), after, 0.01);
      compared++;
    }
    assertEquals(s.before().series("node_cpu_seconds_total").size(), compared, "same cpu/mode series");
  }

  static void between(String what, double before, double mine, double after, double tolerance) {
    assertTrue(mine >= before - tolerance && mine <= after + tolerance,
        what + ": hostkeeper " + mine + " not within node_exporter's " + before + " .. " + after);
  }

  static Map<String, Double> byLabel(Map<Map<String, String>, Double> series, String label) {
    Map<String, Double> out = new TreeMap<>();
    series.forEach((labels, v) -> out.put(labels.get(label), v));
    return out;
  }
}

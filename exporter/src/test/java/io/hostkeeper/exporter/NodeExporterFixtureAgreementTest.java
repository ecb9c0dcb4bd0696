package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.collector.MeminfoCollector;
import io.hostkeeper.exporter.collector.NetstatCollector;
import io.hostkeeper.exporter.collector.PageSize;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agreement with a real prometheus-node-exporter reading the same fixture tree ({@code --path.procfs},
 * {@code --path.sysfs} on the server fixture): the files do not change, so every figure both report
 * must be equal, and every figure hostkeeper maps to one of node_exporter's must be present on both
 * sides or on neither. node_exporter runs with its vmstat and netstat field filters opened to
 * {@code .*}: hostkeeper's netstat set is node_exporter's default set plus Tcp AttemptFails and
 * EstabResets. Its netdev reads /proc/net/dev (not netlink, which would ask the live kernel). (The live-host comparison is {@link NodeExporterAgreementTest}.)
 */
class NodeExporterFixtureAgreementTest {
  static final HostRoots ROOTS = TestConfigs.fixture("server");
  static RealNodeExporter node;
  static ScrapeEngine engine;
  static Javalin app;
  static TextMetrics nodeMetrics;
  static TextMetrics hk;

  @BeforeAll
  static void scrapeBoth() throws Exception {
    node = RealNodeExporter.start("--path.procfs=" + ROOTS.procfs(), "--path.sysfs=" + ROOTS.sysfs(),
        "--collector.disable-defaults", "--collector.meminfo", "--collector.diskstats", "--collector.netdev",
        "--no-collector.netdev.netlink", "--collector.netclass", "--collector.vmstat", "--collector.vmstat.fields=.*",
        "--collector.netstat", "--collector.netstat.fields=.*", "--collector.sockstat", "--collector.conntrack");
    nodeMetrics = TextMetrics.parse(node.metrics());
    engine = FixtureExporter.engine(ROOTS, TestConfigs.exporter(ROOTS, Duration.ZERO, List.of(), List.of()), List.of());
    app = FixtureExporter.app(engine).start("127.0.0.1", 0);
    hk = TextMetrics.parse(RealNodeExporter.get("http://127.0.0.1:" + app.port() + "/metrics"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) app.stop();
    if (engine != null) engine.close();
    if (node != null) node.close();
  }

  /** Both present and equal (node's value times {@code unit}), or both absent. */
  static void same(String nodeName, String mine, double unit) {
    Double n = nodeMetrics.value(nodeName);
    Double h = hk.value(mine);
    assertEquals(n == null, h == null, nodeName + " = " + n + " but " + mine + " = " + h);
    if (n != null) assertEquals(n * unit, h, Math.abs(n * unit) * 1e-12, nodeName + " vs " + mine);
  }

  /** Each device hostkeeper reports has node's value for it (times {@code unit}). */
  static int sameByDevice(String nodeName, String mine, double unit) {
    Map<Map<String, String>, Double> ours = hk.series(mine);
    Map<Map<String, String>, Double> theirs = nodeMetrics.series(nodeName);
    for (Map.Entry<Map<String, String>, Double> e : ours.entrySet()) {
      Map<String, String> labels = Map.of("device", e.getKey().get("device"));
      Double n = theirs.get(labels);
      assertNotNull(n, nodeName + " has no series " + labels + "; it has " + theirs.keySet());
      assertEquals(n * unit, e.getValue(), Math.abs(n * unit) * 1e-12, mine + labels);
    }
    return ours.size();
  }

  @Test
  void vmstat() {
    long page = PageSize.host();
    same("node_vmstat_oom_kill", "hostkeeper_oom_kills_total", 1);
    same("node_vmstat_pgfault", "hostkeeper_memory_page_faults_total", 1);
    same("node_vmstat_pgmajfault", "hostkeeper_memory_major_page_faults_total", 1);
    same("node_vmstat_pgpgin", "hostkeeper_memory_paged_in_bytes_total", 1024);
    same("node_vmstat_pgpgout", "hostkeeper_memory_paged_out_bytes_total", 1024);
    same("node_vmstat_pswpin", "hostkeeper_swap_in_bytes_total", page);
    same("node_vmstat_pswpout", "hostkeeper_swap_out_bytes_total", page);
    assertNotNull(hk.value("hostkeeper_memory_page_faults_total"));
  }

  @Test
  void netstatEveryFieldOfTheTable() {
    for (NetstatCollector.Field f : NetstatCollector.FIELDS) {
      boolean gauge = f.source().equals("Tcp_CurrEstab");
      same("node_netstat_" + f.source(), f.name() + (gauge ? "" : "_total"), 1);
    }
    assertNotNull(hk.value("hostkeeper_tcp_active_opens_total"));
    assertNotNull(hk.value("hostkeeper_tcp_listen_overflows_total"));
  }

  @Test
  void sockstatEverySeries() {
    same("node_sockstat_sockets_used", "hostkeeper_sockets_used", 1);
    Map<String, String> keys = Map.of("hostkeeper_sockets_in_use", "inuse", "hostkeeper_sockets_orphaned", "orphan",
        "hostkeeper_sockets_time_wait", "tw", "hostkeeper_sockets_allocated", "alloc");
    int compared = 0;
    for (String mine : List.of("hostkeeper_sockets_in_use", "hostkeeper_sockets_orphaned", "hostkeeper_sockets_time_wait",
        "hostkeeper_sockets_allocated", "hostkeeper_sockets_memory_bytes")) {
      for (Map.Entry<Map<String, String>, Double> e : hk.series(mine).entrySet()) {
        String proto = e.getKey().get("protocol").toUpperCase(Locale.ROOT) + (e.getKey().get("family").equals("ipv6") ? "6" : "");
        String key = mine.endsWith("memory_bytes") ? (proto.startsWith("FRAG") ? "memory" : "mem_bytes") : keys.get(mine);
        Double n = nodeMetrics.value("node_sockstat_" + proto + "_" + key);
        assertEquals(n, e.getValue(), mine + e.getKey() + " vs node_sockstat_" + proto + "_" + key);
        compared++;
      }
    }
    assertTrue(compared >= 15, "compared " + compared);
  }

  @Test
  void conntrack() {
    same("node_nf_conntrack_entries", "hostkeeper_conntrack_entries", 1);
    same("node_nf_conntrack_entries_limit", "hostkeeper_conntrack_entries_limit", 1);
    assertNotNull(hk.value("hostkeeper_conntrack_entries"));
  }

  @Test
  void meminfoEveryField() {
    for (MeminfoCollector.Field f : MeminfoCollector.FIELDS) {
      boolean bytes = f.name().endsWith("_bytes");
      same("node_memory_" + f.source().replace("(", "_").replace(")", "") + (bytes ? "_bytes" : ""), f.name(), 1);
    }
  }

  @Test
  void diskstatsEveryFigureOnEveryDevice() {
    String[][] pairs = {
        {"reads_completed_total", "reads_completed_total"}, {"reads_merged_total", "reads_merged_total"},
        {"read_bytes_total", "read_bytes_total"}, {"read_time_seconds_total", "read_time_seconds_total"},
        {"writes_completed_total", "writes_completed_total"}, {"writes_merged_total", "writes_merged_total"},
        {"written_bytes_total", "written_bytes_total"}, {"write_time_seconds_total", "write_time_seconds_total"},
        {"io_now", "io_now"}, {"io_time_seconds_total", "io_time_seconds_total"},
        {"io_time_weighted_seconds_total", "io_time_weighted_seconds_total"},
        {"discards_completed_total", "discards_completed_total"}, {"discards_merged_total", "discards_merged_total"},
        {"discard_time_seconds_total", "discard_time_seconds_total"}, {"flush_requests_total", "flush_requests_total"},
        {"flush_requests_time_seconds_total", "flush_requests_time_seconds_total"}};
    for (String[] p : pairs) assertTrue(sameByDevice("node_disk_" + p[0], "hostkeeper_disk_" + p[1], 1) > 0, p[1]);
    assertTrue(sameByDevice("node_disk_discarded_sectors_total", "hostkeeper_disk_discarded_bytes_total", 512) > 0);
  }

  @Test
  void netdevAndNetclassOnEveryDevice() {
    for (String c : List.of("receive_bytes_total", "transmit_bytes_total", "receive_packets_total", "transmit_packets_total",
        "receive_errs_total:receive_errors_total", "transmit_errs_total:transmit_errors_total", "receive_drop_total",
        "transmit_drop_total", "up", "mtu_bytes", "speed_bytes", "carrier", "carrier_changes_total")) {
      String[] names = c.split(":");
      assertTrue(sameByDevice("node_network_" + names[0], "hostkeeper_network_" + names[names.length - 1], 1) > 0, c);
    }
    Map<Map<String, String>, Double> info = hk.series("hostkeeper_network_info");
    assertFalse(info.isEmpty());
    for (Map<String, String> labels : info.keySet()) {
      String device = labels.get("device");
      Map<String, String> theirs = nodeMetrics.series("node_network_info").keySet().stream()
          .filter(l -> device.equals(l.get("device"))).findFirst().orElseThrow(() -> new AssertionError("no node_network_info for " + device));
      for (String label : List.of("address", "duplex", "operstate")) {
        assertEquals(theirs.getOrDefault(label, ""), labels.getOrDefault(label, ""), device + " " + label);
      }
    }
  }
}

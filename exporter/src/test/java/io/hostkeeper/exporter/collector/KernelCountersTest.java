package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.TestConfigs;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** vmstat, netstat, sockstat and conntrack: table tests on the server fixture's real files, and their edge cases. */
class KernelCountersTest {
  static final HostRoots SERVER = TestConfigs.fixture("server");
  static final ScrapeContext CTX = new ScrapeContext(Long.MAX_VALUE);

  static String read(String file) throws IOException {
    return ProcFiles.read(SERVER.proc(file));
  }

  /** The value of the only (or the labelled) data point of {@code name} (a counter's name without _total). */
  static Double value(List<MetricSnapshot> families, String name, String... labels) {
    for (MetricSnapshot s : families) {
      if (!s.getMetadata().getName().equals(name)) continue;
      for (DataPointSnapshot p : s.getDataPoints()) {
        boolean match = true;
        for (int i = 0; i < labels.length; i += 2) match &= labels[i + 1].equals(p.getLabels().get(labels[i]));
        if (!match) continue;
        if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) return c.getValue();
        if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) return g.getValue();
      }
    }
    return null;
  }

  @ParameterizedTest(name = "vmstat {0} = {1}")
  @CsvSource({"hostkeeper_oom_kills, 0", "hostkeeper_memory_page_faults, 2320168809",
      "hostkeeper_memory_major_page_faults, 507162", "hostkeeper_memory_paged_in_bytes, 7520395264",
      "hostkeeper_memory_paged_out_bytes, 1578168914944", "hostkeeper_swap_in_bytes, 6045696",
      "hostkeeper_swap_out_bytes, 143544320"})
  void vmstatInBytesWherePagesOrKilobytes(String name, double expected) throws Exception {
    assertEquals(expected, value(new VmstatCollector(SERVER, () -> 4096).collect(CTX), name));
  }

  @Test
  void vmstatOfAnOldKernelWithoutOomKillLeavesItAbsentAndAnUnknownPageSizeLeavesSwapAbsent() {
    Map<String, Double> v = VmstatCollector.parse("nr_free_pages 12\npgfault 40\npswpin 3\npswpout 4\nnr_oom_kill 9\n");
    assertEquals(Map.of("pgfault", 40.0, "pswpin", 3.0, "pswpout", 4.0), v);
    List<MetricSnapshot> out = VmstatCollector.snapshots(v, 0);
    assertEquals(List.of("hostkeeper_memory_page_faults"), out.stream().map(s -> s.getMetadata().getName()).toList());
  }

  @ParameterizedTest(name = "netstat {0} = {1}")
  @CsvSource({"hostkeeper_tcp_active_opens, 3556", "hostkeeper_tcp_passive_opens, 230",
      "hostkeeper_tcp_segments_retransmitted, 227", "hostkeeper_tcp_segments_sent, 54915039",
      "hostkeeper_tcp_established, 0", "hostkeeper_tcp_listen_overflows, 0", "hostkeeper_tcp_listen_drops, 0",
      "hostkeeper_tcp_syncookies_failed, 2", "hostkeeper_tcp_timeouts, 115", "hostkeeper_udp_no_port_datagrams, 120",
      "hostkeeper_udp_receive_buffer_errors, 9", "hostkeeper_udp_send_buffer_errors, 8",
      "hostkeeper_ip_received_bytes, 6286396970"})
  void netstatFromSnmpAndNetstat(String name, double expected) throws Exception {
    assertEquals(expected, value(new NetstatCollector(SERVER).collect(CTX), name));
  }

  @Test
  void netstatCurrentConnectionsAreAGaugeTheRestCounters() throws Exception {
    for (MetricSnapshot s : new NetstatCollector(SERVER).collect(CTX)) {
      boolean gauge = s.getMetadata().getName().equals("hostkeeper_tcp_established");
      assertEquals(gauge, s instanceof GaugeSnapshot, s.getMetadata().getName());
    }
  }

  @Test
  void netstatResynchronisesAfterAnUnpairedLineAndSkipsValuesThatAreNotNumbers() {
    Map<String, Double> v = NetstatCollector.parse("""
        Garbage line
        Tcp: ActiveOpens PassiveOpens
        Tcp: 5 x
        Udp: NoPorts
        Udp: 7
        """);
    assertEquals(Map.of("Tcp_ActiveOpens", 5.0, "Udp_NoPorts", 7.0), v);
  }

  @Test
  void netstatWithoutTheNetstatFileStillReportsSnmp(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("net"));
    Files.writeString(dir.resolve("net/snmp"), "Tcp: ActiveOpens RetransSegs\nTcp: 3 1\n");
    HostRoots roots = new HostRoots(dir, dir, dir);
    List<MetricSnapshot> out = new NetstatCollector(roots).collect(CTX);
    assertEquals(3.0, value(out, "hostkeeper_tcp_active_opens"));
    assertEquals(null, value(out, "hostkeeper_tcp_listen_overflows"));
  }

  @ParameterizedTest(name = "sockstat {0}{1},{2} = {3}")
  @CsvSource({"hostkeeper_sockets_in_use, tcp, ipv4, 4", "hostkeeper_sockets_in_use, tcp, ipv6, 17",
      "hostkeeper_sockets_in_use, udp, ipv6, 9", "hostkeeper_sockets_in_use, raw, ipv6, 1",
      "hostkeeper_sockets_time_wait, tcp, ipv4, 4", "hostkeeper_sockets_allocated, tcp, ipv4, 17",
      "hostkeeper_sockets_orphaned, tcp, ipv4, 0", "hostkeeper_sockets_memory_bytes, tcp, ipv4, 4096",
      "hostkeeper_sockets_memory_bytes, udp, ipv4, 0", "hostkeeper_sockets_memory_bytes, frag, ipv6, 0"})
  void sockstatByProtocolAndFamily(String name, String protocol, String family, double expected) throws Exception {
    List<MetricSnapshot> out = new SockstatCollector(SERVER, () -> 4096).collect(CTX);
    assertEquals(expected, value(out, name, "protocol", protocol, "family", family));
    assertEquals(229.0, value(out, "hostkeeper_sockets_used"));
  }

  @Test
  void sockstatWithoutIpv6HasOnlyIpv4AndMemoryInPagesNeedsThePageSize(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("net"));
    Files.writeString(dir.resolve("net/sockstat"), "sockets: used 5\nTCP: inuse 2 orphan 1 tw 0 alloc 3 mem 7\nFRAG: inuse 1 memory 300\n");
    List<MetricSnapshot> out = new SockstatCollector(new HostRoots(dir, dir, dir), () -> 0).collect(CTX);
    assertEquals(null, value(out, "hostkeeper_sockets_memory_bytes", "protocol", "tcp"));
    assertEquals(300.0, value(out, "hostkeeper_sockets_memory_bytes", "protocol", "frag"));
    assertEquals(1.0, value(out, "hostkeeper_sockets_orphaned", "protocol", "tcp", "family", "ipv4"));
    assertEquals(null, value(out, "hostkeeper_sockets_in_use", "family", "ipv6"));
  }

  @Test
  void conntrackEntriesAndLimit() throws Exception {
    List<MetricSnapshot> out = new ConntrackCollector(SERVER).collect(CTX);
    assertEquals(123.0, value(out, "hostkeeper_conntrack_entries"));
    assertEquals(65536.0, value(out, "hostkeeper_conntrack_entries_limit"));
  }

  @Test
  void conntrackWithoutTheModuleExportsNothingAndNoError(@TempDir Path dir) throws Exception {
    assertEquals(List.of(), new ConntrackCollector(new HostRoots(dir, dir, dir)).collect(CTX));
  }

  @Test
  void everyMeminfoFieldHasItsOwnNameAndEveryFieldOfTheFixtureIsExported() throws IOException {
    Set<String> names = new HashSet<>();
    for (MeminfoCollector.Field f : MeminfoCollector.FIELDS) assertTrue(names.add(f.name()), "twice: " + f.name());
    assertFalse(names.contains("hostkeeper_swap_used_bytes"));
    Map<String, Double> fixture = MeminfoCollector.parse(read("meminfo"));
    Set<String> listed = new HashSet<>();
    for (MeminfoCollector.Field f : MeminfoCollector.FIELDS) listed.add(f.source());
    assertTrue(listed.containsAll(fixture.keySet()), "not exported: " + fixture.keySet().stream().filter(k -> !listed.contains(k)).toList());
  }

  @ParameterizedTest(name = "meminfo {0} = {1}")
  @CsvSource({"hostkeeper_memory_dirty_bytes, 1077248", "hostkeeper_memory_active_anon_bytes, 2068484096",
      "hostkeeper_memory_slab_reclaimable_bytes, 45846528", "hostkeeper_memory_committed_bytes, 8023486464",
      "hostkeeper_memory_huge_pages, 0", "hostkeeper_memory_huge_page_size_bytes, 2097152",
      "hostkeeper_swap_free_bytes, 3231088640", "hostkeeper_swap_used_bytes, 1063874560"})
  void meminfoFieldsInHouseNames(String name, double expected) throws IOException {
    assertEquals(expected, value(MeminfoCollector.snapshots(MeminfoCollector.parse(read("meminfo"))), name));
  }

  @Test
  void diskstatsLatencyQueueAndDiscardFiguresWithNewerKernelsOnly() throws IOException {
    List<MetricSnapshot> out = DiskstatsCollector.snapshots(DiskstatsCollector.parse(read("diskstats"),
        DiskstatsCollector.DEFAULT_EXCLUDE));
    assertEquals(18492.372, value(out, "hostkeeper_disk_read_time_seconds", "device", "sda"), 1e-9);
    assertEquals(63877.960, value(out, "hostkeeper_disk_write_time_seconds", "device", "sda"), 1e-9);
    assertEquals(82621.804, value(out, "hostkeeper_disk_io_time_weighted_seconds", "device", "sda"), 1e-9);
    assertEquals(0.0, value(out, "hostkeeper_disk_io_now", "device", "sda"));
    assertEquals(34367663.0, value(out, "hostkeeper_disk_reads_merged", "device", "sda"));
    assertEquals(null, value(out, "hostkeeper_disk_discards_completed", "device", "sda"), "kernel before 4.18");
    assertEquals(68851.0, value(out, "hostkeeper_disk_discards_completed", "device", "sdb"));
    assertEquals(1925173784.0 * 512, value(out, "hostkeeper_disk_discarded_bytes", "device", "sdb"));
    assertEquals(11.13, value(out, "hostkeeper_disk_discard_time_seconds", "device", "sdb"), 1e-9);
    assertEquals(null, value(out, "hostkeeper_disk_flush_requests", "device", "sdb"), "kernel before 5.5");
    assertEquals(1555.0, value(out, "hostkeeper_disk_flush_requests", "device", "sdc"));
    assertEquals(1.944, value(out, "hostkeeper_disk_flush_requests_time_seconds", "device", "sdc"), 1e-9);
  }
}

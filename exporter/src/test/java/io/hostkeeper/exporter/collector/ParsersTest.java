package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.TestConfigs;
import io.hostkeeper.exporter.collector.DiskstatsCollector.DiskStats;
import io.hostkeeper.exporter.collector.MountInfo.Mount;
import io.hostkeeper.exporter.collector.NetdevCollector.NetDev;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Table tests of the pure parsers, on the fixture hosts' real file contents. */
class ParsersTest {

  static String read(String host, String file) throws IOException {
    return ProcFiles.read(TestConfigs.fixture(host).proc(file));
  }

  @ParameterizedTest(name = "{0}: cpu{1} {2} = {3}s")
  @CsvSource({
      "server, 0, user, 444.90", "server, 0, idle, 10870.69", "server, 7, nice, 2.68", "server, 3, steal, 0",
      "pi, 0, user, 465.61", "pi, 3, softirq, 1.44", "pi, 2, iowait, 23.88"})
  void cpuSecondsByCpuAndMode(String host, String cpu, String mode, double seconds) throws IOException {
    List<CpuCollector.CpuTimes> cpus = CpuCollector.parse(read(host, "stat"));
    CpuCollector.CpuTimes c = cpus.stream().filter(x -> x.cpu().equals(cpu)).findFirst().orElseThrow();
    assertEquals(seconds, c.seconds(List.of(CpuCollector.MODES).indexOf(mode)), 1e-9);
  }

  @ParameterizedTest(name = "{0} has {1} cpus")
  @CsvSource({"server, 8", "pi, 4", "vm, 2"})
  void cpuCountSkipsAggregateLine(String host, int count) throws IOException {
    assertEquals(count, CpuCollector.parse(read(host, "stat")).size());
  }

  @Test
  void shortCpuLinesOfOldKernelsLeaveMissingModesAbsent() {
    CpuCollector.CpuTimes c = CpuCollector.parse("cpu  1 2 3 4\ncpu0 100 200 300 400\n").get(0);
    assertEquals(1.0, c.seconds(0));
    assertTrue(Double.isNaN(c.seconds(4)), "iowait was not reported");
    assertEquals(4, CpuCollector.snapshots(List.of(c), List.of()).get(0).getDataPoints().size());
  }

  @Test
  void cpuTotalIsBusyAndAll() throws IOException {
    double[] t = CpuCollector.parseTotal(read("pi", "stat")).orElseThrow();
    assertEquals((184215 + 1093 + 61235 + 0 + 1846 + 0) / 100.0, t[0], 1e-6);
    assertEquals((184215 + 1093 + 61235 + 5823117 + 9711 + 0 + 1846 + 0) / 100.0, t[1], 1e-6);
  }

  @ParameterizedTest
  @CsvSource({"1699981, 1.699981e9", "8000, 8.0e6", "1500000, 1.5e9"})
  void frequencyKhzToHertz(String khz, double hz) {
    assertEquals(hz, CpuCollector.parseFrequencyKhz(khz + "\n"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"0.21 0.37 0.39 1/719 19737|0.21|0.39", "0.08 0.12 0.09 1/236 21345|0.08|0.09"})
  void loadavg(String text, double one, double fifteen) {
    double[] l = LoadavgCollector.parse(text);
    assertEquals(one, l[0]);
    assertEquals(fifteen, l[2]);
  }

  @Test
  void loadavgGarbageIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> LoadavgCollector.parse("0.1\n"));
  }

  @ParameterizedTest(name = "{0} {1} = {2}")
  @CsvSource({
      "server, MemTotal, 3831959552", "server, SwapFree, 3231088640", "server, HugePages_Total, 0",
      "pi, MemAvailable, 3179986944", "pi, SwapTotal, 104853504"})
  void meminfoInBytes(String host, String field, double bytes) throws IOException {
    assertEquals(bytes, MeminfoCollector.parse(read(host, "meminfo")).get(field));
  }

  @Test
  void memAvailableAbsentOnOldKernelsStaysAbsent() throws IOException {
    Map<String, Double> m = MeminfoCollector.parse(read("server", "meminfo"));
    assertFalse(m.containsKey("MemAvailable"));
    assertTrue(MeminfoCollector.snapshots(m).stream()
        .noneMatch(s -> s.getMetadata().getName().equals("hostkeeper_memory_available_bytes")));
  }

  @ParameterizedTest(name = "{0} {1} = {2}")
  @CsvSource({"server, btime, 1418183276", "server, procs_running, 2", "server, ctxt, 38014093", "pi, processes, 351256"})
  void statLines(String host, String key, double value) throws IOException {
    assertEquals(value, StatCollector.parse(read(host, "stat")).get(key));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1024\\t0\\t1631329|1024|1631329", "7936\\t0\\t379012\\n|7936|379012", "2099 0 2466177|2099|2466177"})
  void fileNr(String text, double open, double max) {
    double[] fd = FilefdCollector.parse(text.replace("\\t", "\t").replace("\\n", "\n"));
    assertEquals(open, fd[0]);
    assertEquals(max, fd[1]);
  }

  @ParameterizedTest(name = "pressure/{0}")
  @CsvSource({"cpu, 14.036781, 0", "io, 159.886802, 159.229614", "memory, 0, 0"})
  void pressureTotalsInSeconds(String resource, double some, double full) throws IOException {
    double[] v = PressureCollector.parse(read("server", "pressure/" + resource));
    assertEquals(some, v[0], 1e-9);
    assertEquals(full, v[1], 1e-9);
  }

  @Test
  void pressureWithoutFullLineLeavesItAbsent() {
    double[] v = PressureCollector.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=2500000\n");
    assertEquals(2.5, v[0]);
    assertTrue(Double.isNaN(v[1]));
  }

  @Test
  void diskstatsSkipsPartitionsLoopAndRamAndConvertsUnits() throws IOException {
    List<DiskStats> pi = DiskstatsCollector.parse(read("pi", "diskstats"), DiskstatsCollector.DEFAULT_EXCLUDE);
    assertEquals(List.of("mmcblk0", "zram0"), pi.stream().map(DiskStats::device).toList());
    DiskStats d = pi.get(0);
    assertEquals(81261, d.readsCompleted());
    assertEquals(5376418.0 * 512, d.readBytes());
    assertEquals(25735594.0 * 512, d.writtenBytes());
    assertEquals(2290.864, d.ioTimeSeconds(), 1e-9);
    List<String> server = DiskstatsCollector.parse(read("server", "diskstats"), DiskstatsCollector.DEFAULT_EXCLUDE)
        .stream().map(DiskStats::device).toList();
    assertTrue(server.containsAll(List.of("sda", "nvme0n1", "dm-0", "mmcblk0")), server.toString());
    assertTrue(server.stream().noneMatch(n -> n.matches("sda\\d|loop\\d+|ram\\d+|nvme0n1p\\d|mmcblk0p\\d")), server.toString());
  }

  @Test
  void diskstatsKeepsZramSwapAndDropsOnlyRamDisks() {
    String lines = """
           1       0 ram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
           1      15 ram15 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
         254       0 zram0 4182 0 33456 12 9310 0 74480 64 0 120 76 0 0 0 0 0 0
         254       1 zram1 1 0 8 0 0 0 0 0 0 0 0 0 0 0 0 0 0
        """;
    List<DiskStats> disks = DiskstatsCollector.parse(lines, DiskstatsCollector.DEFAULT_EXCLUDE);
    assertEquals(List.of("zram0", "zram1"), disks.stream().map(DiskStats::device).toList());
    assertEquals(9310, disks.get(0).writesCompleted());
    assertEquals(74480.0 * 512, disks.get(0).writtenBytes());
  }

  @Test
  void netdevCountersInColumnOrder() throws IOException {
    Map<String, NetDev> devs = NetdevCollector.parse(read("pi", "net/dev")).stream()
        .collect(Collectors.toMap(NetDev::device, n -> n));
    assertEquals(List.of("eth0", "lo", "wlan0"), devs.keySet().stream().sorted().toList());
    NetDev eth = devs.get("eth0");
    assertEquals(2783641021.0, eth.rxBytes());
    assertEquals(3171928, eth.rxPackets());
    assertEquals(1742, eth.rxDrop());
    assertEquals(871622734.0, eth.txBytes());
    assertEquals(2018373, eth.txPackets());
  }

  @ParameterizedTest
  @CsvSource({"up, 1", "down, 0", "unknown, 0", "dormant, 0"})
  void operstate(String state, double up) {
    assertEquals(up, NetdevCollector.parseOperstate(state + "\n"));
  }

  @Test
  void procStatStateAndThreadsWithAwkwardCommandNames() {
    assertEquals(new ProcessesCollector.ProcStat("S", 1),
        ProcessesCollector.parse("1 (systemd) S 0 1 1 0 -1 4194560 9061 9416027 94 2620 36 98 54406 13885 20 0 1 0 29 109604864 2507"));
    assertEquals(new ProcessesCollector.ProcStat("R", 12),
        ProcessesCollector.parse("42 (a) b) (c) R 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 12 0 29 0 0"));
    assertNull(ProcessesCollector.parse("garbage"));
  }

  @Test
  void mountinfoUnescapesAndDeduplicates() throws IOException {
    List<Mount> all = MountInfo.parse(read("pi", "1/mountinfo"));
    assertEquals(9, all.size());
    assertTrue(all.stream().anyMatch(m -> m.mountPoint().equals("/mnt/usb stick")));
    List<Mount> selected = MountInfo.select(all, TestConfigs.MOUNT_POINTS_EXCLUDE, TestConfigs.FS_TYPES_EXCLUDE);
    assertEquals(List.of("/", "/run", "/boot/firmware", "/mnt/usb stick"), selected.stream().map(Mount::mountPoint).toList());
    Mount boot = selected.get(2);
    assertTrue(boot.readOnly(), "the later (visible) mount of /boot/firmware is read-only");
    assertEquals("/dev/mmcblk0p1", boot.device());
    assertEquals("vfat", boot.fsType());
  }

  @Test
  void mountinfoOfServerDropsPseudoFilesystemsAndExcludedPoints() throws IOException {
    List<Mount> selected = MountInfo.select(MountInfo.parse(read("server", "1/mountinfo")),
        TestConfigs.MOUNT_POINTS_EXCLUDE, TestConfigs.FS_TYPES_EXCLUDE);
    List<String> points = selected.stream().map(Mount::mountPoint).toList();
    assertTrue(points.containsAll(List.of("/", "/boot", "/run")), points.toString());
    assertTrue(points.stream().noneMatch(p -> p.startsWith("/sys") || p.startsWith("/proc") || p.startsWith("/dev")
        || p.startsWith("/var/lib/containers/storage/")), points.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"/a\\040b|/a b", "/t\\011x|/t\tx", "/back\\134slash|/back\\slash", "/plain|/plain", "/bad\\09|/bad\\09"})
  void mountinfoEscapes(String raw, String expected) {
    assertEquals(expected, MountInfo.unescape(raw));
  }

  @Test
  void osRelease() {
    Map<String, String> os = OsCollector.parseOsRelease("# c\nNAME=\"Raspbian GNU/Linux\"\nVERSION_ID='11'\nID=raspbian\n");
    assertEquals("Raspbian GNU/Linux", os.get("NAME"));
    assertEquals("11", os.get("VERSION_ID"));
    assertEquals("raspbian", os.get("ID"));
  }
}

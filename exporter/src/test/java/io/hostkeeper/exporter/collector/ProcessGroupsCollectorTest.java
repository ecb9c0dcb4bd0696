package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ProcessGroupConfig;
import io.hostkeeper.common.config.ProcessGroupConfig.MatchOn;
import io.hostkeeper.exporter.TestConfigs;
import io.hostkeeper.exporter.collector.ProcessGroupsCollector.Proc;
import io.hostkeeper.exporter.collector.ProcessGroupsCollector.Stat;
import io.hostkeeper.exporter.collector.service.Exposition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsers of /proc/&lt;pid&gt; files (tables) and the collector on the "groups" fixture procfs. */
class ProcessGroupsCollectorTest {
  static final HostRoots ROOTS = TestConfigs.fixture("groups");
  static final List<ProcessGroupConfig> GROUPS = List.of(
      group("nginx", "^nginx: ", MatchOn.CMDLINE),
      group("postgres", "^postgres$", MatchOn.COMM),
      group("worker", "worker\\.py --queue", MatchOn.CMDLINE),
      group("odd", "\\(odd\\)", MatchOn.COMM),
      group("kernel", "kthreadd", MatchOn.CMDLINE),
      group("none", "no-such-program", MatchOn.CMDLINE));

  static ProcessGroupConfig group(String name, String regex, MatchOn on) {
    return new ProcessGroupConfig(name, Pattern.compile(regex), on);
  }

  static String scrape(ProcessGroupsCollector c) throws Exception {
    return Exposition.text(c.collect(new ScrapeContext(System.nanoTime() + Duration.ofSeconds(20).toNanos())));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1 (systemd) S 0 1 1 0 -1 4194560 9061 9416027 94 2620 36 98 54406 13885 20 0 1 0 29 109604864 2507|systemd|S|36|98|29",
      "400 (tmux: (odd) x) S 1 400 400 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 8000 10000000 100|tmux: (odd) x|S|1|2|8000",
      "7 (a b) R 1 7 7 0 -1 0 0 0 0 0 123456789012 5 0 0 20 0 1 0 99 0 0|a b|R|123456789012|5|99"})
  void parsesStat(String line, String comm, char state, long utime, long stime, long start) {
    assertEquals(new Stat(comm, state, utime, stime, start), ProcessGroupsCollector.parseStat(line));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"no parentheses here", "1 (short) S 0 1", "1 (x) S 0 1 1 0 -1 0 0 0 0 0 a b 0 0 20 0 1 0 29 0 0"})
  void rejectsMalformedStat(String line) {
    assertNull(ProcessGroupsCollector.parseStat(line));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"2500 1000 300 10 0 400 0|4096000", "1 0 0 0 0 0 0|0", "garbage|-1", "1|-1"})
  void statmResidentPagesInBytes(String statm, long bytes) {
    assertEquals(bytes, ProcessGroupsCollector.parseStatmResident(statm));
  }

  @Test
  void cmdlineArgumentsJoinedBySpaces() {
    assertEquals("python3 /opt/app/worker.py --queue jobs", ProcessGroupsCollector.parseCmdline("python3\0/opt/app/worker.py\0--queue\0jobs\0"));
    assertEquals("", ProcessGroupsCollector.parseCmdline(""));
  }

  @Test
  void fixtureGroups() throws Exception {
    String out = scrape(new ProcessGroupsCollector(ROOTS, GROUPS));
    // nginx: pids 100 and 101 (102 is a zombie); btime 1763700000 + 5000 ticks / 100
    assertTrue(out.contains("hostkeeper_process_group_processes{group=\"nginx\"} 2.0"), out);
    assertTrue(out.contains("hostkeeper_process_group_cpu_seconds_total{group=\"nginx\",mode=\"user\"} 41.5"), out);
    assertTrue(out.contains("hostkeeper_process_group_cpu_seconds_total{group=\"nginx\",mode=\"system\"} 18.5"), out);
    assertTrue(out.contains("hostkeeper_process_group_resident_memory_bytes{group=\"nginx\"} 1.6384E7"), out);
    assertTrue(out.contains("hostkeeper_process_group_open_fds{group=\"nginx\"} 19.0"), out);
    assertTrue(out.contains("hostkeeper_process_group_oldest_start_time_seconds{group=\"nginx\"} 1.76370005E9"), out);
    // postgres matched on comm; its fd directory is not readable in the fixture: no open_fds series
    assertTrue(out.contains("hostkeeper_process_group_processes{group=\"postgres\"} 1.0"), out);
    assertFalse(out.contains("hostkeeper_process_group_open_fds{group=\"postgres\"}"), out);
    assertTrue(out.contains("hostkeeper_process_group_resident_memory_bytes{group=\"postgres\"} 8.192E7"), out);
    assertTrue(out.contains("hostkeeper_process_group_processes{group=\"worker\"} 1.0"), out);
    assertTrue(out.contains("hostkeeper_process_group_processes{group=\"odd\"} 1.0"), out);
    // a kernel thread has no command line, so a cmdline pattern never takes it
    assertTrue(out.contains("hostkeeper_process_group_processes{group=\"kernel\"} 0.0"), out);
    assertTrue(out.contains("hostkeeper_process_group_processes{group=\"none\"} 0.0"), out);
    assertFalse(out.contains("group=\"none\",mode"), "no cpu series for an empty group: " + out);
    assertFalse(out.contains("hostkeeper_process_group_resident_memory_bytes{group=\"none\"}"), out);
  }

  @Test
  void cpuCounterKeepsWhatExitedProcessesUsedAndCountsOnlyDeltas() {
    List<ProcessGroupConfig> g = List.of(group("app", "app", MatchOn.COMM));
    Map<String, long[]> totals = new HashMap<>();
    Map<Long, long[]> seen = ProcessGroupsCollector.accumulate(g,
        List.of(proc(10, "app", 100, 50, 1000), proc(11, "app", 20, 10, 1100)), Map.of(), totals);
    assertEquals(120, totals.get("app")[0]);
    // 11 exited; 10 used 5 more user ticks; pid 11 reused by a new process (other start time) with 3
    seen = ProcessGroupsCollector.accumulate(g, List.of(proc(10, "app", 105, 50, 1000), proc(11, "app", 3, 1, 2000)), seen, totals);
    assertEquals(128, totals.get("app")[0]);
    assertEquals(61, totals.get("app")[1]);
    ProcessGroupsCollector.accumulate(g, List.of(), seen, totals);
    assertEquals(128, totals.get("app")[0], "never drops when processes exit");
    String text = Exposition.text(ProcessGroupsCollector.snapshots(g, List.of(), 0, totals));
    assertTrue(text.contains("hostkeeper_process_group_cpu_seconds_total{group=\"app\",mode=\"user\"} 1.28"), text);
    assertTrue(text.contains("hostkeeper_process_group_processes{group=\"app\"} 0.0"), text);
  }

  @Test
  void secondScrapeOfAnUnchangedTreeKeepsTheSameCpuSeconds() throws Exception {
    ProcessGroupsCollector c = new ProcessGroupsCollector(ROOTS, GROUPS);
    String first = scrape(c);
    assertEquals(first, scrape(c));
  }

  static Proc proc(long pid, String comm, long user, long system, long start) {
    return new Proc(pid, new Stat(comm, 'S', user, system, start), comm, 4096, 1);
  }
}

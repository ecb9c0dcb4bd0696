package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.config.ProcessGroupConfig;
import io.hostkeeper.common.config.ProcessGroupConfig.MatchOn;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per group of processes ({@code exporter.process_groups}): how many, CPU seconds by mode (kept
 * monotonic across process exits by remembering each process's last ticks), resident
 * memory, open file descriptors and the start time of the oldest, from {@code /proc/<pid>/stat},
 * {@code cmdline}, {@code statm} and {@code fd}. A process belongs to every group whose pattern it
 * matches; the exporter's own process and zombies never count. A group without processes reports
 * {@code hostkeeper_process_group_processes 0} and nothing else. Open descriptors are reported only
 * when the {@code fd} directory of every process in the group could be listed (another user's
 * processes need root or CAP_DAC_READ_SEARCH), never as a partial sum.
 */
public final class ProcessGroupsCollector implements Collector {
  /** Bytes per page of {@code statm} (4096 on x86 and on the common arm64 kernels). */
  static final long PAGE_SIZE = 4096;

  private final HostRoots roots;
  private final List<ProcessGroupConfig> groups;
  private final boolean needsCmdline;
  private final long self = ProcessHandle.current().pid();
  private final Map<String, long[]> cpuTotals = new HashMap<>();
  private Map<Long, long[]> seen = Map.of();

  public ProcessGroupsCollector(HostRoots roots, List<ProcessGroupConfig> groups) {
    this.roots = Objects.requireNonNull(roots, "roots");
    this.groups = List.copyOf(groups);
    this.needsCmdline = this.groups.stream().anyMatch(g -> g.matchOn() == MatchOn.CMDLINE);
  }

  @Override
  public String name() {
    return "processgroups";
  }

  /** The fields of one {@code /proc/<pid>/stat} line this collector uses; times in USER_HZ ticks. */
  public record Stat(String comm, char state, long utimeTicks, long stimeTicks, long startTicks) {}

  /** One process as seen by this collector; {@code rssBytes} and {@code openFds} are -1 when unreadable. */
  public record Proc(long pid, Stat stat, String cmdline, long rssBytes, long openFds) {}

  /**
   * Parses a stat line; null when it has not the documented shape. The command name sits between
   * the first '(' and the last ')' and may itself contain spaces and parentheses.
   */
  public static Stat parseStat(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) return null;
    String[] f = Fields.split(line.substring(close + 1));
    // f[0] is field 3 (state); utime is field 14, stime 15, starttime 22
    if (f.length < 20 || f[0].length() != 1) return null;
    try {
      return new Stat(line.substring(open + 1, close), f[0].charAt(0), Long.parseLong(f[11]), Long.parseLong(f[12]),
          Long.parseLong(f[19]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The command line with its NUL separators as spaces (empty for kernel threads). */
  public static String parseCmdline(String raw) {
    int end = raw.length();
    while (end > 0 && raw.charAt(end - 1) == '\0') end--;
    return raw.substring(0, end).replace('\0', ' ');
  }

  /** Resident set size in bytes from {@code statm} (its second field, in pages); -1 when unreadable. */
  public static long parseStatmResident(String statm) {
    String[] f = Fields.split(statm);
    if (f.length < 2) return -1;
    try {
      return Long.parseLong(f[1]) * PAGE_SIZE;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether {@code group} takes a process with this name and command line. */
  public static boolean matches(ProcessGroupConfig group, String comm, String cmdline) {
    String text = group.matchOn() == MatchOn.COMM ? comm : cmdline;
    return text != null && !text.isEmpty() && group.match().matcher(text).find();
  }

  /**
   * Adds the CPU ticks each process used since it was last seen (all of them for a process not seen
   * before, recognised by pid and start time) to {@code totals} (group name to {user, system} ticks),
   * so a group's counter keeps what its exited processes used. Returns what to remember for the
   * next round: pid to {start, user, system}.
   */
  public static Map<Long, long[]> accumulate(List<ProcessGroupConfig> groups, List<Proc> procs, Map<Long, long[]> seen,
      Map<String, long[]> totals) {
    Map<Long, long[]> next = new HashMap<>();
    for (Proc p : procs) {
      Stat s = p.stat();
      long[] before = seen.get(p.pid());
      boolean same = before != null && before[0] == s.startTicks();
      long du = Math.max(0, s.utimeTicks() - (same ? before[1] : 0));
      long ds = Math.max(0, s.stimeTicks() - (same ? before[2] : 0));
      for (ProcessGroupConfig g : groups) {
        if (!matches(g, s.comm(), p.cmdline())) continue;
        long[] t = totals.computeIfAbsent(g.name(), k -> new long[2]);
        t[0] += du;
        t[1] += ds;
      }
      next.put(p.pid(), new long[] {s.startTicks(), s.utimeTicks(), s.stimeTicks()});
    }
    return next;
  }

  /**
   * The families for {@code groups} over {@code procs}, CPU from {@code cpuTotals} (see
   * {@link #accumulate}); {@code bootTime} NaN leaves the start time out.
   */
  public static List<MetricSnapshot> snapshots(List<ProcessGroupConfig> groups, List<Proc> procs, double bootTime,
      Map<String, long[]> cpuTotals) {
    Families.Gauge count = new Families.Gauge("hostkeeper_process_group_processes", "Processes in the group.");
    Families.Counter cpu = new Families.Counter("hostkeeper_process_group_cpu_seconds",
        "CPU time used by the group's processes while the exporter watched them (at first: their whole time), by mode.");
    Families.Gauge rss = new Families.Gauge("hostkeeper_process_group_resident_memory_bytes",
        "Resident memory of the group's processes (statm pages x 4096).");
    Families.Gauge fds = new Families.Gauge("hostkeeper_process_group_open_fds",
        "Open file descriptors of the group's processes; absent when any of them could not be read.");
    Families.Gauge oldest = new Families.Gauge("hostkeeper_process_group_oldest_start_time_seconds",
        "Start time of the group's oldest process, in seconds since the epoch.");
    for (ProcessGroupConfig g : groups) {
      long n = 0;
      long mem = 0;
      long open = 0;
      long start = Long.MAX_VALUE;
      boolean memOk = true;
      boolean fdOk = true;
      for (Proc p : procs) {
        if (!matches(g, p.stat().comm(), p.cmdline())) continue;
        n++;
        start = Math.min(start, p.stat().startTicks());
        if (p.rssBytes() < 0) memOk = false; else mem += p.rssBytes();
        if (p.openFds() < 0) fdOk = false; else open += p.openFds();
      }
      String name = g.name();
      count.add(n, "group", name);
      long[] ticks = cpuTotals.get(name);
      if (ticks != null) {
        cpu.add(ticks[0] / CpuCollector.USER_HZ, "group", name, "mode", "user");
        cpu.add(ticks[1] / CpuCollector.USER_HZ, "group", name, "mode", "system");
      }
      if (n == 0) continue;
      if (memOk) rss.add(mem, "group", name);
      if (fdOk) fds.add(open, "group", name);
      oldest.add(bootTime + start / CpuCollector.USER_HZ, "group", name);
    }
    List<MetricSnapshot> out = new ArrayList<>(5);
    count.addTo(out);
    cpu.addTo(out);
    rss.addTo(out);
    fds.addTo(out);
    oldest.addTo(out);
    return out;
  }

  @Override
  public synchronized List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    Double btime = StatCollector.parse(ProcFiles.read(roots.proc("stat"))).get("btime");
    String[] entries = roots.procfs().toFile().list();
    if (entries == null) throw new IOException("cannot list " + roots.procfs());
    List<Proc> procs = new ArrayList<>();
    for (String pid : entries) {
      if (pid.isEmpty() || pid.charAt(0) < '0' || pid.charAt(0) > '9') continue;
      Proc p = read(pid);
      if (p != null) procs.add(p);
    }
    seen = accumulate(groups, procs, seen, cpuTotals);
    return snapshots(groups, procs, btime == null ? Double.NaN : btime, cpuTotals);
  }

  /** One process if some group takes it; null when it does not match, exited meanwhile, is a zombie or is us. */
  private Proc read(String pid) {
    long id;
    try {
      id = Long.parseLong(pid);
    } catch (NumberFormatException e) {
      return null;
    }
    if (id == self && roots.procfs().toString().equals("/proc")) return null;
    Stat stat;
    try {
      stat = parseStat(ProcFiles.read(roots.proc(pid + "/stat")));
    } catch (IOException e) {
      return null; // exited between listing and reading
    }
    if (stat == null || stat.state() == 'Z') return null;
    String cmdline = needsCmdline ? ProcFiles.readOptional(roots.proc(pid + "/cmdline")).map(ProcessGroupsCollector::parseCmdline)
        .orElse("") : "";
    boolean any = false;
    for (ProcessGroupConfig g : groups) any |= matches(g, stat.comm(), cmdline);
    if (!any) return null;
    long rss = ProcFiles.readOptional(roots.proc(pid + "/statm")).map(ProcessGroupsCollector::parseStatmResident).orElse(-1L);
    String[] fd = new File(roots.proc(pid + "/fd").toString()).list();
    return new Proc(id, stat, cmdline, rss, fd == null ? -1 : fd.length);
  }
}

package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Processes by kernel state letter (R running, S sleeping, D uninterruptible, Z zombie, T stopped,
 * I idle, ...) and the total number of threads, from {@code /proc/<pid>/stat}. The common states are
 * always reported, with 0 when no process is in them, so "zombies &gt; 0" alerts have a series.
 * This reads one file per process, so it is the costliest collector on busy hosts: each file is read
 * into one reused buffer and parsed in place (the scrape engine never runs a collector twice at once).
 */
public final class ProcessesCollector implements Collector {
  static final String[] ALWAYS = {"D", "I", "R", "S", "T", "Z"};

  private final HostRoots roots;
  private final byte[] buffer = new byte[4096];
  private final long[] counts = new long[128];

  public ProcessesCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "processes";
  }

  /** State letter and thread count of one /proc/&lt;pid&gt;/stat line. */
  public record ProcStat(String state, long threads) {}

  /** Parses one stat line; null when it does not have the documented shape. */
  public static ProcStat parse(String stat) {
    byte[] b = stat.getBytes(StandardCharsets.ISO_8859_1);
    long threads = threads(b, b.length);
    int state = state(b, b.length);
    return threads < 0 || state < 0 ? null : new ProcStat(String.valueOf((char) state), threads);
  }

  /** The state byte: the first field after the last ')' (the command name may contain ')' and spaces). */
  static int state(byte[] b, int len) {
    int close = lastParen(b, len);
    return close < 0 || close + 2 >= len ? -1 : b[close + 2] & 0xff;
  }

  /** num_threads: field 20, i.e. the 18th field after the last ')'; -1 if missing. */
  static long threads(byte[] b, int len) {
    int close = lastParen(b, len);
    if (close < 0) return -1;
    int field = 0;
    int i = close + 1;
    while (i < len) {
      while (i < len && b[i] == ' ') i++;
      if (i >= len) break;
      field++;
      if (field == 18) {
        long v = 0;
        int start = i;
        while (i < len && b[i] >= '0' && b[i] <= '9') v = v * 10 + (b[i++] - '0');
        return i > start ? v : -1;
      }
      while (i < len && b[i] != ' ') i++;
    }
    return -1;
  }

  private static int lastParen(byte[] b, int len) {
    for (int i = len - 1; i >= 0; i--) if (b[i] == ')') return i;
    return -1;
  }

  public static List<MetricSnapshot> snapshots(Map<String, Long> byState, long threads) {
    Families.Gauge states = new Families.Gauge("hostkeeper_processes", "Processes by kernel state letter (R, S, D, Z, T, I, ...).");
    byState.forEach((state, n) -> states.add(n, "state", state));
    List<MetricSnapshot> out = new ArrayList<>(2);
    states.addTo(out);
    out.add(Families.gauge("hostkeeper_threads", "Threads of all processes.", threads));
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    java.util.Arrays.fill(counts, 0);
    long threads = 0;
    String base = roots.procfs().toString();
    String[] entries = new java.io.File(base).list();
    if (entries == null) throw new IOException("cannot list " + base);
    StringBuilder path = new StringBuilder(base.length() + 20).append(base).append('/');
    int prefix = path.length();
    for (String n : entries) {
      if (n.isEmpty() || n.charAt(0) < '0' || n.charAt(0) > '9') continue;
      path.setLength(prefix);
      path.append(n).append("/stat");
      int len = readSmall(path.toString());
      if (len <= 0) continue; // the process exited between listing and reading
      int state = state(buffer, len);
      long t = threads(buffer, len);
      if (state < 0 || state >= counts.length || t < 0) continue;
      counts[state]++;
      threads += t;
    }
    Map<String, Long> byState = new TreeMap<>();
    for (String s : ALWAYS) byState.put(s, 0L);
    for (int c = 0; c < counts.length; c++) if (counts[c] > 0) byState.put(String.valueOf((char) c), counts[c]);
    return snapshots(byState, threads);
  }

  private int readSmall(String file) {
    try (FileInputStream in = new FileInputStream(file)) {
      int n = 0;
      int r;
      while (n < buffer.length && (r = in.read(buffer, n, buffer.length - n)) > 0) n += r;
      return n;
    } catch (IOException | SecurityException e) {
      return -1;
    }
  }
}

package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Processes by kernel state letter (R running, S sleeping, D uninterruptible, Z zombie, T stopped,
 * I idle, ...) and the total number of threads, from {@code /proc/<pid>/stat}. The common states are
 * always reported, with 0 when no process is in them, so "zombies &gt; 0" alerts have a series.
 * Reads each stat file into one reused buffer: the run is serialized by the scrape engine.
 */
public final class ProcessesCollector implements Collector {
  static final String[] ALWAYS = {"D", "I", "R", "S", "T", "Z"};

  private final HostRoots roots;
  private final ByteBuffer buffer = ByteBuffer.allocate(4096);

  public ProcessesCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "processes";
  }

  /** State letter and thread count of one /proc/&lt;pid&gt;/stat line; null when it cannot be parsed. */
  public record ProcStat(String state, long threads) {}

  public static ProcStat parse(String stat) {
    // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
    int close = stat.lastIndexOf(')');
    if (close < 0) return null;
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // After ')': state is field 3 (index 0), num_threads is field 20 (index 17).
    if (f.length < 18) return null;
    return new ProcStat(f[0], Long.parseLong(f[17]));
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
    Map<String, Long> byState = new TreeMap<>();
    for (String s : ALWAYS) byState.put(s, 0L);
    long threads = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(roots.procfs())) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.isEmpty() || !Character.isDigit(n.charAt(0))) continue;
        String text = readSmall(p.resolve("stat"));
        if (text == null) continue; // the process exited between listing and reading
        ProcStat ps;
        try {
          ps = parse(text);
        } catch (NumberFormatException e) {
          continue;
        }
        if (ps == null) continue;
        byState.merge(ps.state(), 1L, Long::sum);
        threads += ps.threads();
      }
    }
    return snapshots(byState, threads);
  }

  private String readSmall(Path file) {
    buffer.clear();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (buffer.hasRemaining() && ch.read(buffer) > 0) {
        // read to EOF or until the buffer is full (a stat line is far shorter than 4 KiB)
      }
    } catch (IOException | SecurityException e) {
      return null;
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
  }
}

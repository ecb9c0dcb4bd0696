package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CPU time by cpu and mode from {@code /proc/stat}, current frequency from sysfs cpufreq, and the
 * number of CPUs. {@code /proc/stat} counts in USER_HZ ticks, which the kernel fixes at 100 for
 * user space on every architecture (like node_exporter's procfs library, we rely on that).
 */
public final class CpuCollector implements Collector {
  public static final double USER_HZ = 100.0;
  /** The first eight columns of a cpu line; guest and guest_nice are already counted in user and nice. */
  static final String[] MODES = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
  private static final Pattern CPU_DIR = Pattern.compile("cpu[0-9]+");

  private final HostRoots roots;
  private volatile List<String> cpuDirs;

  public CpuCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "cpu";
  }

  /** Per-cpu tick counters, one row per {@code cpuN} line, columns in {@link #MODES} order (missing columns NaN). */
  public record CpuTimes(String cpu, double[] ticks) {
    public double seconds(int mode) {
      return ticks[mode] / USER_HZ;
    }
  }

  /** Parses the {@code cpuN} lines of /proc/stat (the aggregate {@code cpu} line is skipped). */
  public static List<CpuTimes> parse(String procStat) {
    List<CpuTimes> out = new ArrayList<>();
    for (String line : procStat.split("\n")) {
      if (!line.startsWith("cpu") || line.length() < 4 || !Character.isDigit(line.charAt(3))) continue;
      String[] f = Fields.split(line);
      double[] ticks = new double[MODES.length];
      for (int m = 0; m < MODES.length; m++) {
        ticks[m] = m + 1 < f.length ? Double.parseDouble(f[m + 1]) : Double.NaN;
      }
      out.add(new CpuTimes(f[0].substring(3), ticks));
    }
    return out;
  }

  /** The aggregate {@code cpu} line as (busy, total) seconds, for /api/status usage; empty if absent. */
  public static Optional<double[]> parseTotal(String procStat) {
    for (String line : procStat.split("\n")) {
      if (!line.startsWith("cpu ")) continue;
      String[] f = Fields.split(line);
      double total = 0;
      double idle = 0;
      for (int m = 0; m < MODES.length && m + 1 < f.length; m++) {
        double v = Double.parseDouble(f[m + 1]) / USER_HZ;
        total += v;
        if (m == 3 || m == 4) idle += v;
      }
      return Optional.of(new double[] {total - idle, total});
    }
    return Optional.empty();
  }

  public static List<MetricSnapshot> snapshots(List<CpuTimes> cpus, List<double[]> freqHz) {
    Families.Counter seconds = new Families.Counter("hostkeeper_cpu_seconds",
        "Seconds the CPUs spent in each mode (from /proc/stat).");
    for (CpuTimes c : cpus) {
      for (int m = 0; m < MODES.length; m++) seconds.add(c.seconds(m), "cpu", c.cpu(), "mode", MODES[m]);
    }
    List<MetricSnapshot> out = new ArrayList<>(3);
    seconds.addTo(out);
    Families.Gauge freq = new Families.Gauge("hostkeeper_cpu_frequency_hertz", "Current CPU frequency in hertz (cpufreq).");
    for (double[] f : freqHz) freq.add(f[1], "cpu", Integer.toString((int) f[0]));
    freq.addTo(out);
    if (!cpus.isEmpty()) out.add(Families.gauge("hostkeeper_cpus", "Number of CPUs the kernel reports online.", cpus.size()));
    return out;
  }

  /** Parses a cpufreq {@code scaling_cur_freq} value (kHz) to hertz. */
  public static double parseFrequencyKhz(String text) {
    return Double.parseDouble(text.trim()) * 1000.0;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    List<CpuTimes> cpus = parse(ProcFiles.read(roots.proc("stat")));
    List<double[]> freqs = new ArrayList<>();
    for (String dir : cpuDirs()) {
      Path base = roots.sys("devices/system/cpu").resolve(dir).resolve("cpufreq");
      Optional<String> khz = ProcFiles.readOptional(base.resolve("scaling_cur_freq"));
      if (khz.isEmpty()) khz = ProcFiles.readOptional(base.resolve("cpuinfo_cur_freq"));
      if (khz.isPresent() && !khz.get().isEmpty()) {
        try {
          freqs.add(new double[] {Integer.parseInt(dir.substring(3)), parseFrequencyKhz(khz.get())});
        } catch (NumberFormatException ignored) {
          // a value that cannot be read is absent
        }
      }
    }
    freqs.sort((a, b) -> Double.compare(a[0], b[0]));
    return snapshots(cpus, freqs);
  }

  /** The cpuN directories under sysfs, listed once (CPU hotplug is rare; a missing file just drops a sample). */
  private List<String> cpuDirs() {
    List<String> dirs = cpuDirs;
    if (dirs != null) return dirs;
    List<String> found = new ArrayList<>();
    Path base = roots.sys("devices/system/cpu");
    if (Files.isDirectory(base)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
        for (Path p : ds) {
          String n = p.getFileName().toString();
          if (CPU_DIR.matcher(n).matches()) found.add(n);
        }
      } catch (IOException e) {
        found.clear();
      }
    }
    cpuDirs = dirs = List.copyOf(found);
    return dirs;
  }
}

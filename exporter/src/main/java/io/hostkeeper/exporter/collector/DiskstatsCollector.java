package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Block device I/O from {@code /proc/diskstats}. Partitions, loop devices and the kernel's ram disks
 * ({@code ram0}, {@code ram1}, …) are left out by default, so whole-disk figures are not counted
 * twice. Compressed RAM devices ({@code zram0}, often swap on a Raspberry Pi) are kept: their I/O is
 * real swap and memory traffic, and node_exporter keeps them too.
 */
public final class DiskstatsCollector implements Collector {
  /** Sectors in /proc/diskstats are always 512 bytes, whatever the device's real sector size. */
  static final double SECTOR_BYTES = 512;
  public static final Pattern DEFAULT_EXCLUDE = Pattern.compile("^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p|mmcblk\\d+p)\\d+$");

  private final HostRoots roots;
  private final Pattern exclude;

  public DiskstatsCollector(HostRoots roots, Pattern exclude) {
    this.roots = roots;
    this.exclude = exclude;
  }

  @Override
  public String name() {
    return "diskstats";
  }

  /**
   * One device's counters, times in seconds and sizes in bytes. The discard figures (kernel 4.18+)
   * and flush figures (5.5+) are NaN when the kernel does not report them.
   */
  public record DiskStats(String device, double readsCompleted, double readsMerged, double readBytes,
      double readTimeSeconds, double writesCompleted, double writesMerged, double writtenBytes,
      double writeTimeSeconds, double ioNow, double ioTimeSeconds, double ioTimeWeightedSeconds,
      double discardsCompleted, double discardsMerged, double discardedBytes, double discardTimeSeconds,
      double flushesCompleted, double flushTimeSeconds) {}

  public static List<DiskStats> parse(String diskstats, Pattern exclude) {
    List<DiskStats> out = new ArrayList<>();
    for (String line : diskstats.split("\n")) {
      String[] f = Fields.split(line);
      if (f.length < 14) continue;
      String dev = f[2];
      if (exclude != null && exclude.matcher(dev).matches()) continue;
      out.add(new DiskStats(dev, num(f, 3), num(f, 4), num(f, 5) * SECTOR_BYTES, num(f, 6) / 1000.0,
          num(f, 7), num(f, 8), num(f, 9) * SECTOR_BYTES, num(f, 10) / 1000.0,
          num(f, 11), num(f, 12) / 1000.0, num(f, 13) / 1000.0,
          num(f, 14), num(f, 15), num(f, 16) * SECTOR_BYTES, num(f, 17) / 1000.0,
          num(f, 18), num(f, 19) / 1000.0));
    }
    return out;
  }

  /** Field {@code i}, or NaN when the line is shorter (an older kernel). */
  private static double num(String[] f, int i) {
    return i < f.length ? Double.parseDouble(f[i]) : Double.NaN;
  }

  public static List<MetricSnapshot> snapshots(List<DiskStats> disks) {
    Families.Counter reads = new Families.Counter("hostkeeper_disk_reads_completed", "Reads completed successfully.");
    Families.Counter writes = new Families.Counter("hostkeeper_disk_writes_completed", "Writes completed successfully.");
    Families.Counter readBytes = new Families.Counter("hostkeeper_disk_read_bytes", "Bytes read.");
    Families.Counter written = new Families.Counter("hostkeeper_disk_written_bytes", "Bytes written.");
    Families.Counter io = new Families.Counter("hostkeeper_disk_io_time_seconds", "Seconds spent doing I/O.");
    Families.Counter readsMerged = new Families.Counter("hostkeeper_disk_reads_merged", "Adjacent reads merged into one request.");
    Families.Counter writesMerged = new Families.Counter("hostkeeper_disk_writes_merged", "Adjacent writes merged into one request.");
    Families.Counter readTime = new Families.Counter("hostkeeper_disk_read_time_seconds",
        "Seconds spent by all reads (from queueing to completion; divide by reads for the mean latency).");
    Families.Counter writeTime = new Families.Counter("hostkeeper_disk_write_time_seconds",
        "Seconds spent by all writes (from queueing to completion; divide by writes for the mean latency).");
    Families.Gauge ioNow = new Families.Gauge("hostkeeper_disk_io_now", "I/O requests in progress.");
    Families.Counter ioWeighted = new Families.Counter("hostkeeper_disk_io_time_weighted_seconds",
        "Seconds spent doing I/O weighted by the requests in progress (its rate is the mean queue length).");
    Families.Counter discards = new Families.Counter("hostkeeper_disk_discards_completed", "Discards completed successfully.");
    Families.Counter discardsMerged = new Families.Counter("hostkeeper_disk_discards_merged", "Adjacent discards merged into one request.");
    Families.Counter discarded = new Families.Counter("hostkeeper_disk_discarded_bytes", "Bytes discarded.");
    Families.Counter discardTime = new Families.Counter("hostkeeper_disk_discard_time_seconds", "Seconds spent by all discards.");
    Families.Counter flushes = new Families.Counter("hostkeeper_disk_flush_requests", "Cache flush requests completed successfully.");
    Families.Counter flushTime = new Families.Counter("hostkeeper_disk_flush_requests_time_seconds", "Seconds spent by all flush requests.");
    for (DiskStats d : disks) {
      String dev = d.device();
      reads.add(d.readsCompleted(), "device", dev);
      writes.add(d.writesCompleted(), "device", dev);
      readBytes.add(d.readBytes(), "device", dev);
      written.add(d.writtenBytes(), "device", dev);
      io.add(d.ioTimeSeconds(), "device", dev);
      readsMerged.add(d.readsMerged(), "device", dev);
      writesMerged.add(d.writesMerged(), "device", dev);
      readTime.add(d.readTimeSeconds(), "device", dev);
      writeTime.add(d.writeTimeSeconds(), "device", dev);
      ioNow.add(d.ioNow(), "device", dev);
      ioWeighted.add(d.ioTimeWeightedSeconds(), "device", dev);
      discards.add(d.discardsCompleted(), "device", dev);
      discardsMerged.add(d.discardsMerged(), "device", dev);
      discarded.add(d.discardedBytes(), "device", dev);
      discardTime.add(d.discardTimeSeconds(), "device", dev);
      flushes.add(d.flushesCompleted(), "device", dev);
      flushTime.add(d.flushTimeSeconds(), "device", dev);
    }
    List<MetricSnapshot> out = new ArrayList<>(17);
    readBytes.addTo(out);
    written.addTo(out);
    reads.addTo(out);
    writes.addTo(out);
    io.addTo(out);
    readsMerged.addTo(out);
    writesMerged.addTo(out);
    readTime.addTo(out);
    writeTime.addTo(out);
    ioNow.addTo(out);
    ioWeighted.addTo(out);
    discards.addTo(out);
    discardsMerged.addTo(out);
    discarded.addTo(out);
    discardTime.addTo(out);
    flushes.addTo(out);
    flushTime.addTo(out);
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    return snapshots(parse(ProcFiles.read(roots.proc("diskstats")), exclude));
  }
}

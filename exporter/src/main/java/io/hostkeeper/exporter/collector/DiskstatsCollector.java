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

  /** One device's counters: reads and writes completed, bytes read and written, seconds doing I/O. */
  public record DiskStats(String device, double readsCompleted, double readBytes, double writesCompleted,
      double writtenBytes, double ioTimeSeconds) {}

  public static List<DiskStats> parse(String diskstats, Pattern exclude) {
    List<DiskStats> out = new ArrayList<>();
    for (String line : diskstats.split("\n")) {
      String[] f = Fields.split(line);
      if (f.length < 14) continue;
      String dev = f[2];
      if (exclude != null && exclude.matcher(dev).matches()) continue;
      out.add(new DiskStats(dev, Double.parseDouble(f[3]), Double.parseDouble(f[5]) * SECTOR_BYTES,
          Double.parseDouble(f[7]), Double.parseDouble(f[9]) * SECTOR_BYTES, Double.parseDouble(f[12]) / 1000.0));
    }
    return out;
  }

  public static List<MetricSnapshot> snapshots(List<DiskStats> disks) {
    Families.Counter reads = new Families.Counter("hostkeeper_disk_reads_completed", "Reads completed successfully.");
    Families.Counter writes = new Families.Counter("hostkeeper_disk_writes_completed", "Writes completed successfully.");
    Families.Counter readBytes = new Families.Counter("hostkeeper_disk_read_bytes", "Bytes read.");
    Families.Counter written = new Families.Counter("hostkeeper_disk_written_bytes", "Bytes written.");
    Families.Counter io = new Families.Counter("hostkeeper_disk_io_time_seconds", "Seconds spent doing I/O.");
    for (DiskStats d : disks) {
      reads.add(d.readsCompleted(), "device", d.device());
      writes.add(d.writesCompleted(), "device", d.device());
      readBytes.add(d.readBytes(), "device", d.device());
      written.add(d.writtenBytes(), "device", d.device());
      io.add(d.ioTimeSeconds(), "device", d.device());
    }
    List<MetricSnapshot> out = new ArrayList<>(5);
    readBytes.addTo(out);
    written.addTo(out);
    reads.addTo(out);
    writes.addTo(out);
    io.addTo(out);
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    return snapshots(parse(ProcFiles.read(roots.proc("diskstats")), exclude));
  }
}

package io.hostkeeper.exporter.collector;

import io.hostkeeper.exporter.collector.mdraid.MdSysfs;
import io.hostkeeper.exporter.collector.mdraid.Mdstat;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * mdraid: Linux software RAID from {@code /proc/mdstat} (state, disks, size, sync progress; the
 * figures node_exporter's mdadm collector has) and {@code /sys/block/md*}{@code /md} (degraded disks,
 * raid disks, array state, sync progress). A host without md arrays exports nothing.
 */
public final class MdraidCollector implements Collector {
  static final List<String> ACTIVITIES = List.of("active", "inactive", "recovering", "resync", "check", "reshape");

  private final HostRoots roots;

  public MdraidCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "mdraid";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    List<MetricSnapshot> out = new ArrayList<>();
    String mdstat;
    try {
      mdstat = ProcFiles.read(roots.proc("mdstat"));
    } catch (NoSuchFileException e) {
      mdstat = ""; // no md driver loaded
    }
    fromMdstat(Mdstat.parse(mdstat), out);
    fromSysfs(out);
    return out;
  }

  static void fromMdstat(List<Mdstat.Array> arrays, List<MetricSnapshot> out) {
    Families.Gauge state = new Families.Gauge("hostkeeper_md_state",
        "What the md array is doing, one-hot over active, inactive, recovering, resync, check and reshape.");
    Families.Gauge disks = new Families.Gauge("hostkeeper_md_disks", "Disks of the md array by state (active, failed, spare).");
    Families.Gauge required = new Families.Gauge("hostkeeper_md_disks_required", "Disks the md array is made of (0 while inactive).");
    Families.Gauge down = new Families.Gauge("hostkeeper_md_disks_down", "Disks missing from a redundant md array (_ in [U_]).");
    Families.Gauge size = new Families.Gauge("hostkeeper_md_size_bytes", "Size of the md array in bytes.");
    Families.Gauge synced = new Families.Gauge("hostkeeper_md_synced_bytes",
        "Bytes of the md array in sync: all of it unless a resync, recovery, check or reshape runs.");
    for (Mdstat.Array a : arrays) {
      for (String s : ACTIVITIES) state.add(s.equals(a.activity()) ? 1 : 0, "device", a.device(), "state", s);
      if (a.active() >= 0) disks.add(a.active(), "device", a.device(), "state", "active");
      disks.add(a.failed(), "device", a.device(), "state", "failed");
      disks.add(a.spare(), "device", a.device(), "state", "spare");
      if (a.required() >= 0) required.add(a.required(), "device", a.device());
      if (a.required() >= 0) down.add(a.down(), "device", a.device());
      size.add(a.blocks() * 1024.0, "device", a.device());
      synced.add(a.blocksSynced() * 1024.0, "device", a.device());
    }
    state.addTo(out);
    disks.addTo(out);
    required.addTo(out);
    down.addTo(out);
    size.addTo(out);
    synced.addTo(out);
  }

  private void fromSysfs(List<MetricSnapshot> out) throws IOException {
    Families.Gauge degraded = new Families.Gauge("hostkeeper_md_degraded", "Disks the md array is missing (sysfs md/degraded).");
    Families.Gauge raidDisks = new Families.Gauge("hostkeeper_md_raid_disks", "Disks the md array has by design (sysfs md/raid_disks).");
    Families.Gauge arrayState = new Families.Gauge("hostkeeper_md_array_state",
        "1 for the md array's current state as the kernel names it (clean, active, read-auto, broken, ...).");
    Families.Gauge progress = new Families.Gauge("hostkeeper_md_sync_completed_ratio",
        "Progress of the running resync, recovery, check or reshape of the md array, 0 to 1 (absent when none runs).");
    InfoSnapshot.Builder info = InfoSnapshot.builder().name("hostkeeper_md").help("The md array's RAID level (value 1).");
    List<Path> devices = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(roots.sys("block"), "md*")) {
      for (Path p : dir) if (Files.isDirectory(p.resolve("md"))) devices.add(p);
    } catch (NoSuchFileException e) {
      return;
    }
    devices.sort(null);
    for (Path p : devices) {
      String dev = p.getFileName().toString();
      Path md = p.resolve("md");
      MdSysfs.number(read(md, "degraded")).ifPresent(v -> degraded.add(v, "device", dev));
      MdSysfs.number(read(md, "raid_disks")).ifPresent(v -> raidDisks.add(v, "device", dev));
      String st = read(md, "array_state");
      if (st != null && !st.isEmpty()) arrayState.add(1, "device", dev, "state", st);
      MdSysfs.syncCompleted(read(md, "sync_completed")).ifPresent(v -> progress.add(v, "device", dev));
      String level = read(md, "level");
      info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
          .labels(Labels.of("device", dev, "level", level == null ? "" : level)).build());
    }
    degraded.addTo(out);
    raidDisks.addTo(out);
    arrayState.addTo(out);
    progress.addTo(out);
    if (!devices.isEmpty()) out.add(info.build());
  }

  private static String read(Path dir, String file) {
    Optional<String> v = ProcFiles.readOptional(dir.resolve(file));
    return v.orElse(null);
  }
}

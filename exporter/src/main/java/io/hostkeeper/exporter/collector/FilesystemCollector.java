package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.concurrent.OneRunPerKey;
import io.hostkeeper.exporter.collector.MountInfo.Mount;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filesystem size, free and available space and inodes for the mounts in mountinfo, less pseudo
 * filesystems and excluded mount points, one series set per mount point. Each statvfs runs on a
 * helper thread under a timeout: a mount whose stat hangs (a dead NFS server) is reported with
 * {@code device_error 1} and skipped on later scrapes until that stat returns, so it never blocks them.
 */
public final class FilesystemCollector implements Collector {
  private static final Logger log = LoggerFactory.getLogger(FilesystemCollector.class);
  private static final String[] LABELS = {"device", "mountpoint", "fstype"};

  private final HostRoots roots;
  private final StatFs statFs;
  private final Pattern mountPointsExclude;
  private final Pattern fsTypesExclude;
  private final long mountTimeoutNanos;
  private final Set<String> stuck = ConcurrentHashMap.newKeySet();
  /** One statvfs per mount point at a time, on threads that end after a minute idle. */
  private final OneRunPerKey<String> statRuns = new OneRunPerKey<>("statfs");
  private String lastMountinfo;
  private List<Mount> lastSelection = List.of();

  public FilesystemCollector(HostRoots roots, StatFs statFs, Pattern mountPointsExclude, Pattern fsTypesExclude,
      Duration mountTimeout) {
    this.roots = roots;
    this.statFs = statFs;
    this.mountPointsExclude = mountPointsExclude;
    this.fsTypesExclude = fsTypesExclude;
    if (mountTimeout.isNegative() || mountTimeout.isZero()) throw new IllegalArgumentException("mount timeout must be positive");
    this.mountTimeoutNanos = mountTimeout.toNanos();
  }

  @Override
  public String name() {
    return "filesystem";
  }

  /** One mount's outcome: usage, or null when its stat failed or is stuck. */
  public record MountStat(Mount mount, StatFs.Usage usage) {}

  public static List<MetricSnapshot> snapshots(List<MountStat> stats) {
    Families.Gauge size = new Families.Gauge("hostkeeper_filesystem_size_bytes", "Filesystem size in bytes.");
    Families.Gauge free = new Families.Gauge("hostkeeper_filesystem_free_bytes", "Free bytes, including those reserved for root.");
    Families.Gauge avail = new Families.Gauge("hostkeeper_filesystem_avail_bytes", "Bytes available to unprivileged users.");
    Families.Gauge files = new Families.Gauge("hostkeeper_filesystem_files", "Total inodes.");
    Families.Gauge filesFree = new Families.Gauge("hostkeeper_filesystem_files_free", "Free inodes.");
    Families.Gauge ro = new Families.Gauge("hostkeeper_filesystem_readonly", "Whether the filesystem is mounted read-only.");
    Families.Gauge err = new Families.Gauge("hostkeeper_filesystem_device_error",
        "Whether statvfs on the mount failed or hung (1); its other series are then absent.");
    for (MountStat s : stats) {
      Mount m = s.mount();
      String[] l = {LABELS[0], m.device(), LABELS[1], m.mountPoint(), LABELS[2], m.fsType()};
      ro.add(m.readOnly() ? 1 : 0, l);
      err.add(s.usage() == null ? 1 : 0, l);
      StatFs.Usage u = s.usage();
      if (u == null) continue;
      size.add(u.sizeBytes(), l);
      free.add(u.freeBytes(), l);
      avail.add(u.availBytes(), l);
      files.add(u.files(), l);
      filesFree.add(u.filesFree(), l);
    }
    List<MetricSnapshot> out = new ArrayList<>(7);
    for (Families.Gauge g : List.of(size, avail, free, files, filesFree, ro, err)) g.addTo(out);
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException, InterruptedException {
    List<Mount> mounts = mounts();
    @SuppressWarnings("unchecked")
    CompletableFuture<StatFs.Usage>[] futures = new CompletableFuture[mounts.size()];
    for (int i = 0; i < mounts.size(); i++) {
      Mount m = mounts.get(i);
      if (stuck.contains(m.mountPoint())) continue;
      String path = roots.underRoot(m.mountPoint()).toString();
      futures[i] = statRuns.run(m.mountPoint(), () -> statAndRelease(m.mountPoint(), path)).result();
    }
    long deadline = Math.min(context.deadlineNanos(), System.nanoTime() + mountTimeoutNanos);
    List<MountStat> stats = new ArrayList<>(mounts.size());
    for (int i = 0; i < mounts.size(); i++) {
      stats.add(new MountStat(mounts.get(i), await(mounts.get(i), futures[i], deadline)));
    }
    return snapshots(stats);
  }

  private StatFs.Usage await(Mount m, CompletableFuture<StatFs.Usage> f, long deadline) throws InterruptedException {
    if (f == null) return null; // still stuck from an earlier scrape
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (stuck.add(m.mountPoint()) && f.isDone()) {
        stuck.remove(m.mountPoint()); // it returned just now: not stuck after all
      } else {
        log.warn("statvfs on {} ({}) did not return in time; skipping it until it does", m.mountPoint(), m.device());
      }
      return null;
    } catch (ExecutionException e) {
      log.debug("statvfs on {} failed: {}", m.mountPoint(), e.getCause().getMessage());
      return null;
    }
  }

  private StatFs.Usage statAndRelease(String mountPoint, String path) throws IOException {
    try {
      return statFs.stat(path);
    } finally {
      if (stuck.remove(mountPoint)) log.info("statvfs on {} returned again; reporting it again", mountPoint);
    }
  }

  /** The selected mounts, re-parsed only when mountinfo changed. */
  private List<Mount> mounts() throws IOException {
    Path file = roots.proc("1/mountinfo");
    if (!Files.isReadable(file)) file = roots.proc("self/mountinfo");
    String text = ProcFiles.read(file);
    if (!text.equals(lastMountinfo)) {
      lastSelection = MountInfo.select(MountInfo.parse(text), mountPointsExclude, fsTypesExclude);
      lastMountinfo = text;
    }
    return lastSelection;
  }
}

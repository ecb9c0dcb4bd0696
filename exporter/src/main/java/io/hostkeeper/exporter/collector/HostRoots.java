package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.config.PathsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The roots collectors read from ({@code --path.procfs}, {@code --path.sysfs}, {@code --path.rootfs}),
 * so the exporter can run in a container reading the host's trees, and tests can run on fixtures.
 */
public record HostRoots(Path procfs, Path sysfs, Path rootfs) {

  public HostRoots {
    Objects.requireNonNull(procfs, "procfs");
    Objects.requireNonNull(sysfs, "sysfs");
    Objects.requireNonNull(rootfs, "rootfs");
  }

  public static HostRoots of(PathsConfig paths) {
    return new HostRoots(paths.procfs(), paths.sysfs(), paths.rootfs());
  }

  public static HostRoots defaults() {
    return new HostRoots(Path.of("/proc"), Path.of("/sys"), Path.of("/"));
  }

  public Path proc(String relative) {
    return procfs.resolve(relative);
  }

  public Path sys(String relative) {
    return sysfs.resolve(relative);
  }

  /** A mount point as seen from this process: {@code rootfs} joined with the host's absolute path. */
  public Path underRoot(String mountPoint) {
    String rel = mountPoint.startsWith("/") ? mountPoint.substring(1) : mountPoint;
    return rel.isEmpty() ? rootfs : rootfs.resolve(rel);
  }

  /** True when procfs looks like a Linux /proc (the direct collectors need it); cheap, done once. */
  public boolean hasLinuxProcfs() {
    return Files.isReadable(proc("stat")) && Files.isReadable(proc("meminfo"));
  }
}

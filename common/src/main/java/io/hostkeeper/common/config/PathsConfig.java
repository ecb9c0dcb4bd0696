package io.hostkeeper.common.config;

import java.nio.file.Path;

/** Roots the exporter reads from, so it can run in a container or on fixture trees. */
public record PathsConfig(
    @Default("/proc") Path procfs,
    @Default("/sys") Path sysfs,
    @Default("/") Path rootfs,
    /** The systemctl binary used by systemd checks (a name on PATH or an absolute path). */
    @Default("systemctl") String systemctl,
    /** The kernel log device read by the optional {@code kmsg} collector. */
    @Default("/dev/kmsg") Path kmsg) {

  /** The roots with the default kernel log device. */
  public PathsConfig(Path procfs, Path sysfs, Path rootfs, String systemctl) {
    this(procfs, sysfs, rootfs, systemctl, Path.of("/dev/kmsg"));
  }
}

package io.hostkeeper.common.config;

import java.nio.file.Path;

/** Roots the exporter reads from, so it can run in a container or on fixture trees. */
public record PathsConfig(
    @Default("/proc") Path procfs,
    @Default("/sys") Path sysfs,
    @Default("/") Path rootfs,
    /** The systemctl binary used by systemd checks (a name on PATH or an absolute path). */
    @Default("systemctl") String systemctl) {}

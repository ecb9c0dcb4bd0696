package io.hostkeeper.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * One simulated host of {@link FleetTest}: a fixture tree of its own (a copy of the exporter's
 * "server" capture, taken from the shared Linux fixtures, with this host's memory, hostname,
 * CPU counters, sensor and mounts) and the hostkeeper.yml its exporter runs with. What is broken
 * on the host is its {@link Fault}.
 */
final class FleetHost {
  enum Fault { NONE, FULL_DISK, HOT_SENSOR, SERVICE_DOWN }

  private static final long KIB = 1024;
  /** CPU time per second of a 2-CPU host in USER_HZ (the /proc/stat unit). */
  private static final int TICKS_PER_SECOND = 200;

  final String name;
  final String site;
  final Fault fault;
  final double memoryUsed;
  final double cpuBusy;
  final int celsius;
  final Path dir;
  final int port;
  private long ticks;

  FleetHost(String name, String site, Fault fault, int index, Path dir, int port) {
    this.name = name;
    this.site = site;
    this.fault = fault;
    this.dir = dir;
    this.port = port;
    this.memoryUsed = 0.30 + (index % 7) * 0.05;          // 30 % .. 60 %
    this.cpuBusy = 0.05 + (index % 5) * 0.10;             // 5 % .. 45 %
    this.celsius = fault == Fault.HOT_SENSOR ? 96 : 38 + index % 20;  // healthy: 38 .. 57 °C
  }

  Path procfs() {
    return dir.resolve("proc");
  }

  /**
   * Writes the tree: proc (stat, meminfo, loadavg, mountinfo, hostname), sys (one hwmon sensor)
   * and the config. {@code rootfs} is the file system its "/" is on: a roomy one, or a full one
   * for {@link Fault#FULL_DISK}.
   */
  Path write(Path rootfs, int servicePort) throws IOException {
    Path fixture = Repo.path("exporter", "src", "test", "resources", "fixtures", "server");
    Path proc = procfs();
    Files.createDirectories(proc.resolve("1"));
    Files.createDirectories(proc.resolve("sys/kernel"));
    Files.copy(fixture.resolve("proc/loadavg"), proc.resolve("loadavg"), StandardCopyOption.REPLACE_EXISTING);
    long total = (2L + (name.hashCode() & 3) * 2) * 1024 * 1024 * KIB;  // 2, 4, 6 or 8 GiB
    long available = Math.round(total * (1 - memoryUsed));
    String meminfo = Files.readString(fixture.resolve("proc/meminfo"))
        .replaceFirst("(?m)^MemTotal: .*$", "MemTotal:       " + total / KIB + " kB\nMemAvailable:   " + available / KIB + " kB")
        .replaceFirst("(?m)^SwapFree: .*$", "SwapFree:        4194300 kB");
    Files.writeString(proc.resolve("meminfo"), meminfo);
    Files.writeString(proc.resolve("sys/kernel/hostname"), name + "\n");
    Files.writeString(proc.resolve("1/mountinfo"), "21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
    tick();

    Path hwmon = dir.resolve("sys/class/hwmon/hwmon0");
    Files.createDirectories(hwmon);
    Files.writeString(hwmon.resolve("name"), "coretemp\n");
    Files.writeString(hwmon.resolve("temp1_label"), "Package id 0\n");
    Files.writeString(hwmon.resolve("temp1_input"), celsius * 1000 + "\n");

    Path config = dir.resolve("hostkeeper.yml");
    Files.writeString(config, """
        exporter:
          listen: 127.0.0.1:%d
          paths: {procfs: %s, sysfs: %s, rootfs: %s}
          collectors:
            enable: [cpu, loadavg, meminfo, filesystem, stat, time, os, buildinfo, thermal, services]
        services:
          - name: app
            check: {tcp: {address: "127.0.0.1:%d", timeout: 1s}}
        """.formatted(port, proc, dir.resolve("sys"), rootfs, servicePort));
    return config;
  }

  /** Advances this host's CPU counters by one second at its load (written whole, then renamed). */
  void tick() throws IOException {
    ticks += TICKS_PER_SECOND;
    long busy = Math.round(ticks * cpuBusy);
    long idle = ticks - busy;
    String stat = String.format(Locale.ROOT, """
        cpu  %d 0 0 %d 0 0 0 0 0 0
        cpu0 %d 0 0 %d 0 0 0 0 0 0
        cpu1 %d 0 0 %d 0 0 0 0 0 0
        intr 0
        ctxt %d
        btime 1700000000
        processes 1000
        procs_running 1
        procs_blocked 0
        """, busy, idle, busy / 2, idle / 2, busy - busy / 2, idle - idle / 2, ticks * 10);
    Path tmp = procfs().resolve(".stat.tmp");
    Files.writeString(tmp, stat);
    Files.move(tmp, procfs().resolve("stat"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}

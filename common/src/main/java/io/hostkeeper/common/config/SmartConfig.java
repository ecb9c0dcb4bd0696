package io.hostkeeper.common.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code exporter.smart:} section, for the optional {@code smart} collector ({@code smartctl --json}).
 *
 * @param interval how often every device is read again; scrapes serve the last results
 * @param smartctl the smartctl binary (a name on PATH or an absolute path)
 * @param timeout the longest one smartctl run may take
 * @param devices the devices to read ({@code /dev/sda}, {@code /dev/nvme0}); empty: those {@code smartctl --scan-open} finds
 */
public record SmartConfig(@Default("30m") Duration interval, @Default("smartctl") String smartctl,
    @Default("30s") Duration timeout, List<String> devices) {
  public SmartConfig {
    devices = devices == null ? List.of() : List.copyOf(devices);
    if (interval != null && (interval.compareTo(Duration.ofMinutes(1)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0)) {
      throw new ConfigViolation("interval", "must be between 1m and 1d, got " + Durations.format(interval));
    }
    if (timeout != null && (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0)) {
      throw new ConfigViolation("timeout", "must be between 1s and 5m, got " + Durations.format(timeout));
    }
    if (smartctl != null && smartctl.isBlank()) throw new ConfigViolation("smartctl", "must not be empty");
    for (int i = 0; i < devices.size(); i++) {
      if (!devices.get(i).startsWith("/dev/")) {
        throw new ConfigViolation("devices[" + i + "]", "must be a device path under /dev/, got \"" + devices.get(i) + "\"");
      }
    }
  }

  /** Every 30 minutes, smartctl from PATH, 30 s per run, the devices smartctl finds. */
  public static SmartConfig defaults() {
    return new SmartConfig(Duration.ofMinutes(30), "smartctl", Duration.ofSeconds(30), List.of());
  }
}

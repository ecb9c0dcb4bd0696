package io.hostkeeper.exporter.collector.thermal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chip names the way {@code sensors} (libsensors) prints them: {@code <name>-<bus>-<address>},
 * e.g. {@code coretemp-isa-0000}, {@code nct6779-isa-0290}, {@code k10temp-pci-00c3},
 * {@code nvme-pci-0100}, {@code lm75-i2c-1-48}, {@code cpu_thermal-virtual-0}. The bus and
 * address come from the chip's device (the {@code device} link of the hwmon folder), so two chips
 * with the same driver name stay apart. Pure: takes the device's resolved path.
 */
public final class HwmonNames {
  private HwmonNames() {}

  private static final Pattern PCI = Pattern.compile("([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\\.([0-7])");
  private static final Pattern I2C = Pattern.compile("(\\d+)-([0-9a-f]{4})");
  private static final Pattern PLATFORM_INSTANCE = Pattern.compile("[a-z0-9_]+\\.(\\d+)");

  /**
   * @param name the chip's {@code name} file
   * @param devicePath the resolved device folder (e.g. {@code .../devices/pci0000:00/0000:00:18.3}),
   *     empty for a chip without a device (virtual)
   * @param subsystem the device's subsystem ({@code pci}, {@code i2c}, {@code platform}, ...) if known
   */
  public static String chip(String name, Optional<String> devicePath, Optional<String> subsystem) {
    if (devicePath.isEmpty()) return name + "-virtual-0";
    String path = devicePath.get();
    String sub = subsystem.orElse("");
    if (sub.equals("acpi") || name.equals("acpitz")) return name + "-acpi-0";
    // The device itself, or a parent a few levels up (nvme0 -> nvme -> 0000:01:00.0), on PCI or I2C.
    String[] parts = path.split("/");
    for (int up = 0; up < 3 && up < parts.length; up++) {
      String dev = parts[parts.length - 1 - up].toLowerCase(Locale.ROOT);
      Matcher m = PCI.matcher(dev);
      if (m.matches()) {
        int addr = (Integer.parseInt(m.group(1), 16) << 16) + (Integer.parseInt(m.group(2), 16) << 8)
            + (Integer.parseInt(m.group(3), 16) << 3) + Integer.parseInt(m.group(4));
        return name + "-pci-" + String.format(Locale.ROOT, "%04x", addr);
      }
      m = I2C.matcher(dev);
      if (m.matches()) {
        return name + "-i2c-" + Integer.parseInt(m.group(1)) + "-" + String.format(Locale.ROOT, "%02x", Integer.parseInt(m.group(2), 16));
      }
    }
    if (sub.equals("platform") || sub.equals("of_platform") || (sub.isEmpty() && path.contains("/devices/platform/"))) {
      Matcher m = PLATFORM_INSTANCE.matcher(parts[parts.length - 1]);
      int addr = m.matches() ? Integer.parseInt(m.group(1)) : 0;
      return name + "-isa-" + String.format(Locale.ROOT, "%04x", addr);
    }
    return name + "-virtual-0";
  }
}

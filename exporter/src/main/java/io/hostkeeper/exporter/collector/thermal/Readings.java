package io.hostkeeper.exporter.collector.thermal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** What one read of the thermal sources found: plain values, no I/O. */
public final class Readings {
  private Readings() {}

  /**
   * One temperature sensor with a reading.
   *
   * @param source {@code hwmon}, {@code thermal_zone} or {@code oshi}
   * @param chip the chip as {@code sensors} names it ({@code coretemp-isa-0000}) or the zone ({@code thermal_zone0})
   * @param sensor the attribute ({@code temp1}) or, for a zone, {@code temp}
   * @param label {@code tempN_label} (e.g. {@code Package id 0}), the zone's type, or ""
   * @param alarms alarm type ({@code alarm}, {@code max}, {@code crit}, {@code min}, {@code lcrit},
   *     {@code emergency}) to whether it is raised
   */
  public record Temperature(String source, String chip, String sensor, String label, double celsius, OptionalDouble max,
      OptionalDouble critical, Map<String, Boolean> alarms) {}

  /** One fan with a reading (RPM) or an alarm: a stopped fan reads 0 (no sample) but may raise its alarm. */
  public record Fan(String chip, String sensor, String label, OptionalDouble rpm, OptionalDouble min, Optional<Boolean> alarm) {}

  /**
   * One hwmon chip as read: its driver name, where its device is, and its sensors.
   *
   * @param hwmon the class folder name ({@code hwmon3}), used only to keep colliding names apart
   * @param name the {@code name} file ({@code nct6779}); the hwmon folder name when there is none
   * @param devicePath resolved device folder, empty for virtual chips
   * @param subsystem the device's subsystem link name, when present
   * @param temperatures sensors with a reading, labelled with a placeholder chip name ("")
   * @param underVoltage {@code in0_lcrit_alarm} of a Raspberry Pi {@code rpi_volt} chip
   */
  public record Chip(String hwmon, String name, Optional<String> devicePath, Optional<String> subsystem, List<Temperature> temperatures,
      List<Fan> fans, Optional<Boolean> underVoltage) {}
}

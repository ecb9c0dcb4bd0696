package io.hostkeeper.exporter.collector.thermal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Table tests of the pure thermal parsing and naming. */
class ThermalParsingTest {

  @ParameterizedTest(name = "celsius({0}) = {1}")
  @CsvSource(nullValues = "absent", value = {
      "54000, 54.0", "51850, 51.85", "-5500, -5.5", "0, absent", "-128000, absent", "-273150, absent",
      "65261850, absent", "NaN, absent", "'', absent", "12abc, absent", "' 41000 ', 41.0", "99999999999999999, absent"})
  void celsius(String text, Double expected) {
    OptionalDouble v = SensorValues.celsius(Optional.of(text));
    assertEquals(expected == null ? OptionalDouble.empty() : OptionalDouble.of(expected), v);
  }

  @Test
  void rpmAndFlags() {
    assertEquals(OptionalDouble.of(1098), SensorValues.rpm(Optional.of("1098")));
    assertEquals(OptionalDouble.empty(), SensorValues.rpm(Optional.of("0")));
    assertEquals(OptionalDouble.empty(), SensorValues.rpm(Optional.of("-1")));
    assertEquals(OptionalDouble.empty(), SensorValues.rpm(Optional.empty()));
    assertEquals(Optional.of(true), SensorValues.flag(Optional.of("1")));
    assertEquals(Optional.of(false), SensorValues.flag(Optional.of("0\n")));
    assertEquals(Optional.empty(), SensorValues.flag(Optional.of("2")));
  }

  @ParameterizedTest(name = "{0} at {1} = {3}")
  @CsvSource(nullValues = "none", value = {
      "coretemp, /sys/devices/platform/coretemp.0, none, coretemp-isa-0000",
      "coretemp, /sys/devices/platform/coretemp.1, platform, coretemp-isa-0001",
      "nct6779, /sys/devices/platform/nct6775.656, none, nct6779-isa-0290",
      "applesmc, /sys/devices/platform/applesmc.768, none, applesmc-isa-0300",
      "k10temp, /sys/devices/pci0000:00/0000:00:18.3, pci, k10temp-pci-00c3",
      "nvme, /sys/devices/pci0000:00/0000:00:01.2/0000:01:00.0/nvme/nvme0, nvme, nvme-pci-0100",
      "amdgpu, /sys/devices/pci0000:00/0000:00:03.1/0000:09:00.0/0000:0a:00.0, none, amdgpu-pci-0a00",
      "lm75, /sys/devices/platform/soc/fe804000.i2c/i2c-1/1-0048, i2c, lm75-i2c-1-48",
      "acpitz, /sys/devices/virtual/thermal/thermal_zone0, none, acpitz-acpi-0",
      "cpu_thermal, /sys/devices/virtual/thermal/thermal_zone0, none, cpu_thermal-virtual-0",
      "pwmfan, /sys/devices/platform/cooling_fan, none, pwmfan-isa-0000"})
  void chipNamesFollowLibsensors(String name, String device, String subsystem, String expected) {
    assertEquals(expected, HwmonNames.chip(name, Optional.of(device), Optional.ofNullable(subsystem)));
  }

  @Test
  void chipWithoutDeviceIsVirtualAndCollisionsStayApart() {
    assertEquals("iwlwifi_1-virtual-0", HwmonNames.chip("iwlwifi_1", Optional.empty(), Optional.empty()));
    Readings.Chip a = new Readings.Chip("hwmon3", "drivetemp", Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty());
    Readings.Chip b = new Readings.Chip("hwmon7", "drivetemp", Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty());
    Readings.Chip c = new Readings.Chip("hwmon1", "coretemp", Optional.of("/sys/devices/platform/coretemp.0"), Optional.empty(),
        List.of(), List.of(), Optional.empty());
    assertEquals(Map.of("hwmon3", "drivetemp-virtual-0-hwmon3", "hwmon7", "drivetemp-virtual-0-hwmon7", "hwmon1", "coretemp-isa-0000"),
        ThermalMetrics.chipNames(List.of(a, b, c)));
  }

  @Test
  void throttleFlags() {
    RpiThrottle.Flags f = RpiThrottle.parse("0x50005").orElseThrow();
    assertEquals(Map.of("under_voltage", true, "frequency_capped", false, "throttled", true, "soft_temp_limit", false), f.now());
    assertEquals(Map.of("under_voltage", true, "frequency_capped", false, "throttled", true, "soft_temp_limit", false), f.sinceBoot());
    RpiThrottle.Flags past = RpiThrottle.parse("80000\n").orElseThrow();
    assertTrue(past.sinceBoot().get("soft_temp_limit"));
    assertTrue(past.now().values().stream().noneMatch(b -> b));
    assertTrue(RpiThrottle.parse("0").orElseThrow().now().values().stream().noneMatch(b -> b));
    assertEquals(Optional.empty(), RpiThrottle.parse("throttled=0x0"));
  }

  static Readings.Temperature hw(String chip, String label, double c) {
    return new Readings.Temperature("hwmon", chip, "temp1", label, c, OptionalDouble.empty(), OptionalDouble.empty(), Map.of());
  }

  static Readings.Temperature zone(String type, double c) {
    return new Readings.Temperature("thermal_zone", "thermal_zone0", "temp", type, c, OptionalDouble.empty(), OptionalDouble.empty(), Map.of());
  }

  @Test
  void cpuTemperatureSelectionRule() {
    // package wins over hotter cores and zones; the hottest package on two sockets
    assertEquals(OptionalDouble.of(61), CpuTemperature.select(List.of(hw("coretemp-isa-0000", "Package id 0", 58),
        hw("coretemp-isa-0001", "Package id 1", 61), hw("coretemp-isa-0000", "Core 0", 70), zone("x86_pkg_temp", 80))));
    assertEquals(OptionalDouble.of(55), CpuTemperature.select(List.of(hw("coretemp-isa-0000", "Physical id 0", 55))));
    // AMD: Tdie before Tctl (Tctl may carry an offset), Tctl before the CCDs
    assertEquals(OptionalDouble.of(50), CpuTemperature.select(List.of(hw("k10temp-pci-00c3", "Tctl", 60), hw("k10temp-pci-00c3", "Tdie", 50))));
    assertEquals(OptionalDouble.of(60), CpuTemperature.select(List.of(hw("k10temp-pci-00c3", "Tctl", 60), hw("k10temp-pci-00c3", "Tccd1", 65))));
    // no package: hottest core
    assertEquals(OptionalDouble.of(66), CpuTemperature.select(List.of(hw("coretemp-isa-0000", "Core 0", 62),
        hw("coretemp-isa-0000", "Core 1", 66), zone("cpu-thermal", 90))));
    // no hwmon CPU: a CPU zone, never an unrelated chip or zone
    assertEquals(OptionalDouble.of(51.85), CpuTemperature.select(List.of(hw("rp1_adc-isa-0000", "", 55.6), zone("cpu-thermal", 51.85),
        zone("acpitz", 27.8))));
    assertEquals(OptionalDouble.empty(), CpuTemperature.select(List.of(hw("nvme-pci-0100", "Composite", 38), zone("acpitz", 16.8))));
    assertEquals(OptionalDouble.empty(), CpuTemperature.select(List.of()));
  }
}

package io.hostkeeper.exporter.collector.thermal;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds the thermal families from readings. Pure; families without samples are left out. */
public final class ThermalMetrics {
  private final Map<String, Family> families = new LinkedHashMap<>();
  private final List<Readings.Temperature> temperatures = new ArrayList<>();

  private record Family(GaugeSnapshot.Builder builder, int[] count) {}

  private GaugeSnapshot.Builder family(String name, String help, Unit unit) {
    return families.computeIfAbsent(name, n -> {
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(n).help(help);
      if (unit != null) b.unit(unit);
      return new Family(b, new int[1]);
    }).builder();
  }

  private void add(String name, String help, Unit unit, Labels labels, double value) {
    family(name, help, unit).dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    families.get(name).count()[0]++;
  }

  /**
   * Chip names for the chips, as {@code sensors} prints them; when two chips would get the same
   * name (same driver on an unnamed bus), each gets its hwmon folder appended ({@code -hwmon3}).
   */
  public static Map<String, String> chipNames(List<Readings.Chip> chips) {
    Map<String, String> byHwmon = new LinkedHashMap<>();
    Map<String, Integer> uses = new HashMap<>();
    for (Readings.Chip c : chips) {
      String id = HwmonNames.chip(c.name(), c.devicePath(), c.subsystem());
      byHwmon.put(c.hwmon(), id);
      uses.merge(id, 1, Integer::sum);
    }
    byHwmon.replaceAll((hwmon, id) -> uses.get(id) > 1 ? id + "-" + hwmon : id);
    return byHwmon;
  }

  public ThermalMetrics chips(List<Readings.Chip> chips) {
    Map<String, String> names = chipNames(chips);
    for (Readings.Chip c : chips) {
      String chip = names.get(c.hwmon());
      for (Readings.Temperature t : c.temperatures()) {
        temperature(new Readings.Temperature(t.source(), chip, t.sensor(), t.label(), t.celsius(), t.max(), t.critical(), t.alarms()));
      }
      for (Readings.Fan f : c.fans()) fan(chip, f);
      c.underVoltage().ifPresent(on -> add("hostkeeper_rpi_under_voltage_alarm",
          "Raspberry Pi under-voltage alarm from the rpi_volt sensor (in0_lcrit_alarm): 1 while the supply is too low",
          null, Labels.of("chip", chip), on ? 1 : 0));
    }
    return this;
  }

  public ThermalMetrics temperature(Readings.Temperature t) {
    temperatures.add(t);
    Labels labels = Labels.of("source", t.source(), "chip", t.chip(), "sensor", t.sensor(), "label", t.label());
    add("hostkeeper_temperature_celsius", "Temperature read from a hwmon sensor, a thermal zone or OSHI", Unit.CELSIUS, labels, t.celsius());
    t.max().ifPresent(v -> add("hostkeeper_temperature_max_celsius", "High (max) threshold of the temperature sensor", Unit.CELSIUS, labels, v));
    t.critical().ifPresent(v -> add("hostkeeper_temperature_critical_celsius", "Critical threshold of the temperature sensor",
        Unit.CELSIUS, labels, v));
    t.alarms().forEach((type, on) -> add("hostkeeper_temperature_alarm",
        "Temperature alarm raised by the chip (1) or not (0), by type: alarm, max, crit, min, lcrit, emergency", null,
        labels.add("type", type), on ? 1 : 0));
    return this;
  }

  private void fan(String chip, Readings.Fan f) {
    Labels labels = Labels.of("chip", chip, "sensor", f.sensor(), "label", f.label());
    f.rpm().ifPresent(v -> add("hostkeeper_fan_speed_rpm", "Fan speed in revolutions per minute; a stopped or absent fan (0) has no sample",
        null, labels, v));
    f.min().ifPresent(v -> add("hostkeeper_fan_min_rpm", "Minimum fan speed configured on the chip", null, labels, v));
    f.alarm().ifPresent(on -> add("hostkeeper_fan_alarm", "Fan alarm raised by the chip (1) or not (0)", null, labels, on ? 1 : 0));
  }

  public ThermalMetrics throttle(Optional<RpiThrottle.Flags> flags) {
    flags.ifPresent(f -> {
      f.now().forEach((flag, on) -> add("hostkeeper_rpi_throttle_active",
          "Raspberry Pi firmware get_throttled flag set now (1) or not (0): under_voltage, frequency_capped, throttled, soft_temp_limit",
          null, Labels.of("flag", flag), on ? 1 : 0));
      f.sinceBoot().forEach((flag, on) -> add("hostkeeper_rpi_throttle_occurred",
          "Raspberry Pi firmware get_throttled flag seen since boot (1) or not (0)", null, Labels.of("flag", flag), on ? 1 : 0));
    });
    return this;
  }

  public ThermalMetrics cpuVoltage(OptionalDouble volts) {
    volts.ifPresent(v -> add("hostkeeper_cpu_voltage_volts", "CPU core voltage (OSHI, platforms without sysfs)", Unit.VOLTS, Labels.EMPTY, v));
    return this;
  }

  /** Fans from OSHI, which gives speeds only, numbered from 1. */
  public ThermalMetrics oshiFans(int[] rpm) {
    for (int i = 0; i < rpm.length; i++) {
      if (rpm[i] > 0) fan("oshi", new Readings.Fan("", "fan" + (i + 1), "", OptionalDouble.of(rpm[i]), OptionalDouble.empty(), Optional.empty()));
    }
    return this;
  }

  public List<MetricSnapshot> snapshots() {
    CpuTemperature.select(temperatures).ifPresent(v -> add("hostkeeper_cpu_temperature_celsius",
        "Headline CPU temperature: package sensor, else hottest core, else CPU thermal zone (docs/metrics-thermal.md)",
        Unit.CELSIUS, Labels.EMPTY, v));
    List<MetricSnapshot> out = new ArrayList<>();
    families.values().forEach(f -> out.add(f.builder().build()));
    return out;
  }
}

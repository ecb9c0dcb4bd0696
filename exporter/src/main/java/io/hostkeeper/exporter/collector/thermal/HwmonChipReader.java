package io.hostkeeper.exporter.collector.thermal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads one {@code /sys/class/hwmon/hwmonN} chip: its name and device, every {@code tempN_*} and
 * {@code fanN_*} sensor that has an input, and a Raspberry Pi {@code rpi_volt} under-voltage
 * alarm. Old drivers keep their attributes on the device folder instead of the hwmon folder
 * (e.g. applesmc); both are handled, as libsensors does.
 */
public final class HwmonChipReader {
  private static final Pattern INPUT = Pattern.compile("(temp|fan)(\\d{1,3})_input");
  private static final String[] ALARMS = {"alarm", "max_alarm", "crit_alarm", "min_alarm", "lcrit_alarm", "emergency_alarm"};

  private final SysfsFiles files;

  public HwmonChipReader(SysfsFiles files) {
    this.files = files;
  }

  public Readings.Chip read(Path hwmonDir) throws IOException {
    String hwmon = hwmonDir.getFileName().toString();
    Path device = hwmonDir.resolve("device");
    Optional<String> devicePath = Optional.empty();
    Optional<String> subsystem = Optional.empty();
    if (Files.exists(device)) {
      devicePath = Optional.of(device.toRealPath().toString());
      Path sub = device.resolve("subsystem");
      if (Files.isSymbolicLink(sub)) subsystem = Optional.of(Files.readSymbolicLink(sub).getFileName().toString());
    }
    Path attrs = hwmonDir;
    if (!Files.exists(hwmonDir.resolve("name")) && Files.exists(device.resolve("name"))) attrs = device;
    String name = files.read(attrs.resolve("name")).filter(s -> !s.isBlank()).orElse(hwmon);

    TreeSet<Integer> temps = new TreeSet<>();
    TreeSet<Integer> fans = new TreeSet<>();
    try (Stream<Path> list = Files.list(attrs)) {
      list.forEach(p -> {
        Matcher m = INPUT.matcher(p.getFileName().toString());
        if (m.matches()) (m.group(1).equals("temp") ? temps : fans).add(Integer.parseInt(m.group(2)));
      });
    }
    List<Readings.Temperature> temperatures = new ArrayList<>();
    for (int i : temps) readTemperature(attrs, "temp" + i).ifPresent(temperatures::add);
    List<Readings.Fan> fanReadings = new ArrayList<>();
    for (int i : fans) readFan(attrs, "fan" + i).ifPresent(fanReadings::add);
    Optional<Boolean> underVoltage = name.equals("rpi_volt") ? SensorValues.flag(files.read(attrs.resolve("in0_lcrit_alarm"))) : Optional.empty();
    return new Readings.Chip(hwmon, name, devicePath, subsystem, temperatures, fanReadings, underVoltage);
  }

  private Optional<Readings.Temperature> readTemperature(Path dir, String sensor) {
    OptionalDouble input = SensorValues.celsius(files.read(dir.resolve(sensor + "_input")));
    if (input.isEmpty()) return Optional.empty();
    Map<String, Boolean> alarms = new TreeMap<>();
    for (String alarm : ALARMS) {
      Path file = dir.resolve(sensor + "_" + alarm);
      if (Files.exists(file)) {
        SensorValues.flag(files.read(file)).ifPresent(on -> alarms.put(alarm.equals("alarm") ? "alarm" : alarm.replace("_alarm", ""), on));
      }
    }
    return Optional.of(new Readings.Temperature("hwmon", "", sensor, label(dir, sensor), input.getAsDouble(),
        SensorValues.celsius(optional(dir.resolve(sensor + "_max"))), SensorValues.celsius(optional(dir.resolve(sensor + "_crit"))), alarms));
  }

  private Optional<Readings.Fan> readFan(Path dir, String sensor) {
    OptionalDouble rpm = SensorValues.rpm(files.read(dir.resolve(sensor + "_input")));
    Optional<Boolean> alarm = SensorValues.flag(optional(dir.resolve(sensor + "_alarm")));
    if (rpm.isEmpty() && alarm.isEmpty()) return Optional.empty();
    return Optional.of(new Readings.Fan("", sensor, label(dir, sensor), rpm, SensorValues.rpm(optional(dir.resolve(sensor + "_min"))), alarm));
  }

  private String label(Path dir, String sensor) {
    return optional(dir.resolve(sensor + "_label")).orElse("");
  }

  /** Reads an attribute only when it exists (most chips lack most optional attributes). */
  private Optional<String> optional(Path file) {
    return Files.exists(file) ? files.read(file) : Optional.empty();
  }
}

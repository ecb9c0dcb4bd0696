package io.hostkeeper.exporter.collector.thermal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads one {@code /sys/class/thermal/thermal_zoneN}: {@code type}, {@code temp}, and the zone's
 * trip points ({@code critical} gives the critical threshold, {@code hot} the maximum).
 */
public final class ThermalZoneReader {
  private static final Pattern TRIP_TYPE = Pattern.compile("trip_point_(\\d{1,3})_type");
  private final SysfsFiles files;

  public ThermalZoneReader(SysfsFiles files) {
    this.files = files;
  }

  public Optional<Readings.Temperature> read(Path zoneDir) throws IOException {
    String zone = zoneDir.getFileName().toString();
    OptionalDouble temp = SensorValues.celsius(files.read(zoneDir.resolve("temp")));
    if (temp.isEmpty()) return Optional.empty();
    String type = files.read(zoneDir.resolve("type")).orElse("");
    OptionalDouble critical = OptionalDouble.empty();
    OptionalDouble hot = OptionalDouble.empty();
    try (Stream<Path> list = Files.list(zoneDir)) {
      for (Path p : (Iterable<Path>) list.sorted()::iterator) {
        Matcher m = TRIP_TYPE.matcher(p.getFileName().toString());
        if (!m.matches()) continue;
        String kind = files.read(p).orElse("");
        OptionalDouble at = SensorValues.celsius(files.read(zoneDir.resolve("trip_point_" + m.group(1) + "_temp")));
        if (kind.equals("critical") && at.isPresent() && (critical.isEmpty() || at.getAsDouble() < critical.getAsDouble())) critical = at;
        if (kind.equals("hot") && at.isPresent() && (hot.isEmpty() || at.getAsDouble() < hot.getAsDouble())) hot = at;
      }
    }
    return Optional.of(new Readings.Temperature("thermal_zone", zone, "temp", type, temp.getAsDouble(), hot, critical, Map.of()));
  }
}

package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.concurrent.OneRunPerKey;
import io.hostkeeper.exporter.collector.thermal.HwmonChipReader;
import io.hostkeeper.exporter.collector.thermal.Readings;
import io.hostkeeper.exporter.collector.thermal.RpiThrottle;
import io.hostkeeper.exporter.collector.thermal.SensorsSource;
import io.hostkeeper.exporter.collector.thermal.SysfsFiles;
import io.hostkeeper.exporter.collector.thermal.ThermalMetrics;
import io.hostkeeper.exporter.collector.thermal.ThermalZoneReader;
import io.hostkeeper.exporter.collector.thermal.ThrottleReader;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temperatures, fans and throttling. On Linux: every {@code /sys/class/hwmon/hwmonN} chip
 * (temperatures with max/crit thresholds and alarms, fans, chip names as {@code sensors} prints
 * them), every {@code /sys/class/thermal/thermal_zoneN}, and the Raspberry Pi firmware's
 * throttling flags. Elsewhere: OSHI's CPU temperature, fan speeds and CPU voltage.
 *
 * <p>{@code hostkeeper_cpu_temperature_celsius} is chosen by {@link
 * io.hostkeeper.exporter.collector.thermal.CpuTemperature}: the CPU package sensor if present
 * (coretemp {@code Package id N}, k10temp {@code Tdie}/{@code Tctl}), else the hottest core
 * ({@code Core N}, {@code TccdN}), else the hottest CPU thermal zone ({@code cpu-thermal},
 * {@code x86_pkg_temp}, ...); see docs/metrics-thermal.md.
 *
 * <p>A sensor that reads 0, not a number, fails (EAGAIN, EINVAL, EIO) or is missing has no sample.
 * Every chip and zone is read on its own thread; whatever is not read by the scrape's deadline
 * (a driver blocked on a slow bus) is left out of this scrape and its read is not started again
 * until it returns.
 */
public final class ThermalCollector implements Collector {
  private static final Logger LOG = LoggerFactory.getLogger(ThermalCollector.class);
  private static final long MARGIN_NANOS = 20_000_000L;

  private final Optional<Path> sysfs;
  private final SensorsSource sensors;
  private final HwmonChipReader chipReader;
  private final ThermalZoneReader zoneReader;
  private final ThrottleReader throttleReader;
  private final OneRunPerKey<String> inFlight = new OneRunPerKey<>("hostkeeper-check");
  private final Set<String> blocked = ConcurrentHashMap.newKeySet();

  /** Linux: reads {@code <sysfs>/class/hwmon}, {@code <sysfs>/class/thermal} and the Pi firmware. */
  public ThermalCollector(Path sysfs) {
    this(sysfs, SysfsFiles.REAL);
  }

  /** Linux, reading attributes through {@code files} (tests inject failing reads). */
  public ThermalCollector(Path sysfs, SysfsFiles files) {
    this.sysfs = Optional.of(sysfs);
    this.sensors = null;
    this.chipReader = new HwmonChipReader(files);
    this.zoneReader = new ThermalZoneReader(files);
    this.throttleReader = new ThrottleReader(sysfs, files);
  }

  /** Platforms without sysfs: OSHI's sensors. */
  public ThermalCollector(SensorsSource sensors) {
    this.sysfs = Optional.empty();
    this.sensors = java.util.Objects.requireNonNull(sensors);
    this.chipReader = null;
    this.zoneReader = null;
    this.throttleReader = null;
  }

  @Override
  public String name() {
    return "thermal";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws InterruptedException {
    if (sysfs.isEmpty()) return fromOshi();
    long deadline = context.deadlineNanos() - MARGIN_NANOS;
    Map<String, CompletableFuture<Optional<Readings.Chip>>> chips = new LinkedHashMap<>();
    for (Path dir : entries(sysfs.get().resolve("class/hwmon"), "hwmon")) {
      chips.put(dir.toString(), start(dir, () -> readChip(dir)));
    }
    Map<String, CompletableFuture<Optional<Readings.Temperature>>> zones = new LinkedHashMap<>();
    for (Path dir : entries(sysfs.get().resolve("class/thermal"), "thermal_zone")) {
      zones.put(dir.toString(), start(dir, () -> readZone(dir)));
    }
    CompletableFuture<Optional<RpiThrottle.Flags>> throttle = start(sysfs.get().resolve("devices/platform"), throttleReader::read);

    List<Readings.Chip> chipReadings = new ArrayList<>();
    for (var e : chips.entrySet()) awaited(e.getKey(), e.getValue(), deadline).flatMap(o -> o).ifPresent(chipReadings::add);
    ThermalMetrics metrics = new ThermalMetrics().chips(chipReadings);
    for (var e : zones.entrySet()) awaited(e.getKey(), e.getValue(), deadline).flatMap(o -> o).ifPresent(metrics::temperature);
    metrics.throttle(awaited("get_throttled", throttle, deadline).flatMap(o -> o));
    return metrics.snapshots();
  }

  private List<MetricSnapshot> fromOshi() {
    ThermalMetrics metrics = new ThermalMetrics();
    sensors.cpuTemperature().ifPresent(c -> metrics.temperature(new Readings.Temperature("oshi", "cpu", "cpu", "",
        c, java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), Map.of())));
    metrics.oshiFans(sensors.fanSpeeds());
    metrics.cpuVoltage(sensors.cpuVoltage());
    return metrics.snapshots();
  }

  private <T> CompletableFuture<T> start(Path key, Supplier<T> read) {
    return inFlight.start(key.toString(), read);
  }

  /** The read's value if it is done by the deadline; a read still blocked is logged once and skipped. */
  private <T> Optional<T> awaited(String key, CompletableFuture<T> read, long deadline) throws InterruptedException {
    T value = OneRunPerKey.await(read, deadline);
    if (value == null) {
      if (blocked.add(key)) {
        LOG.warn("reading {} did not finish within the scrape budget (a slow or blocked driver); left out until it returns", key);
      }
      return Optional.empty();
    }
    if (blocked.remove(key)) LOG.info("reading {} returned again", key);
    return Optional.of(value);
  }

  private Optional<Readings.Chip> readChip(Path dir) {
    try {
      return Optional.of(chipReader.read(dir));
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read hwmon chip {}: {}", dir, e.toString());
      return Optional.empty();
    }
  }

  private Optional<Readings.Temperature> readZone(Path dir) {
    try {
      return zoneReader.read(dir);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read thermal zone {}: {}", dir, e.toString());
      return Optional.empty();
    }
  }

  /** Entries {@code <prefix>N} of a class folder, in numeric order; none when the folder is missing. */
  static List<Path> entries(Path classDir, String prefix) {
    if (!Files.isDirectory(classDir)) return List.of();
    try (Stream<Path> list = Files.list(classDir)) {
      return list.filter(p -> p.getFileName().toString().matches(prefix + "\\d+"))
          .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(prefix.length()))))
          .toList();
    } catch (IOException e) {
      LOG.debug("cannot list {}: {}", classDir, e.toString());
      return List.of();
    }
  }
}

package io.hostkeeper.exporter.collector.thermal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one headline CPU temperature of a host ({@code hostkeeper_cpu_temperature_celsius}), chosen
 * from the temperatures read, first rule that finds anything wins:
 * <ol>
 *   <li>the CPU package sensor: Intel {@code coretemp} {@code Package id N} (older kernels:
 *       {@code Physical id N}); else AMD {@code k10temp}/{@code zenpower} {@code Tdie}, else
 *       {@code Tctl}; on multi-socket hosts the hottest package;</li>
 *   <li>the hottest core: coretemp {@code Core N}, k10temp {@code Tccd N};</li>
 *   <li>the hottest CPU thermal zone: zone type {@code x86_pkg_temp}, {@code cpu-thermal},
 *       {@code cpu_thermal}, {@code cpuN-thermal}, {@code soc_thermal} or {@code soc-thermal}
 *       (Raspberry Pi and other ARM boards);</li>
 *   <li>on platforms without sysfs, OSHI's CPU temperature.</li>
 * </ol>
 * Otherwise it is absent. Pure.
 */
public final class CpuTemperature {
  private CpuTemperature() {}

  private static final Pattern INTEL_PACKAGE = Pattern.compile("(Package|Physical) id \\d+");
  private static final Pattern CORE = Pattern.compile("Core \\d+|Tccd\\d+");
  private static final Pattern CPU_ZONE = Pattern.compile("x86_pkg_temp|cpu[0-9]*[-_]thermal|soc[-_]thermal");

  public static OptionalDouble select(Collection<Readings.Temperature> temperatures) {
    List<Predicate<Readings.Temperature>> rules = List.of(
        t -> isChip(t, "coretemp") && INTEL_PACKAGE.matcher(t.label()).matches(),
        t -> (isChip(t, "k10temp") || isChip(t, "zenpower")) && t.label().equals("Tdie"),
        t -> (isChip(t, "k10temp") || isChip(t, "zenpower")) && t.label().equals("Tctl"),
        t -> t.source().equals("hwmon") && (isChip(t, "coretemp") || isChip(t, "k10temp") || isChip(t, "zenpower"))
            && CORE.matcher(t.label()).matches(),
        t -> t.source().equals("thermal_zone") && CPU_ZONE.matcher(t.label().toLowerCase(Locale.ROOT)).matches(),
        t -> t.source().equals("oshi") && t.sensor().equals("cpu"));
    for (Predicate<Readings.Temperature> rule : rules) {
      OptionalDouble hottest = temperatures.stream().filter(rule).map(Readings.Temperature::celsius)
          .max(Comparator.naturalOrder()).map(OptionalDouble::of).orElse(OptionalDouble.empty());
      if (hottest.isPresent()) return hottest;
    }
    return OptionalDouble.empty();
  }

  private static boolean isChip(Readings.Temperature t, String driver) {
    return t.source().equals("hwmon") && t.chip().startsWith(driver + "-");
  }
}

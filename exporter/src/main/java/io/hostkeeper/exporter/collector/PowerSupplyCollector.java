package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * powersupply: mains adapters, batteries and UPS HATs from {@code /sys/class/power_supply}, in base
 * units (the kernel's µWh, µAh, µW, µV and µA become joules, coulombs, watts, volts and amperes;
 * capacity a ratio 0 to 1). {@link #metrics} is pure: supply name to its attribute files. A host
 * without power supply devices exports nothing.
 */
public final class PowerSupplyCollector implements Collector {
  static final List<String> STATUSES = List.of("charging", "discharging", "not_charging", "full", "unknown");
  /** Attribute files read, beside the info ones. */
  static final List<String> FILES = List.of("online", "present", "capacity", "status", "cycle_count", "energy_now",
      "energy_full", "energy_full_design", "charge_now", "charge_full", "charge_full_design", "power_now", "voltage_now",
      "voltage_min_design", "current_now", "temp", "time_to_empty_now", "time_to_full_now", "type", "technology",
      "manufacturer", "model_name");
  

  private final HostRoots roots;

  public PowerSupplyCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "powersupply";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    Map<String, Map<String, String>> supplies = new TreeMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(roots.sys("class/power_supply"))) {
      for (Path p : dir) {
        Map<String, String> attrs = new TreeMap<>();
        for (String f : FILES) {
          try {
            attrs.put(f, new String(Files.readAllBytes(p.resolve(f)), StandardCharsets.UTF_8).replace("\0", "").trim());
          } catch (IOException e) {
            // not every supply has every attribute (and some refuse a read while absent)
          }
        }
        supplies.put(p.getFileName().toString(), attrs);
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return metrics(supplies);
  }

  public static List<MetricSnapshot> metrics(Map<String, Map<String, String>> supplies) {
    Families.Gauge online = g("online", "1 when the power supply (mains, USB, UPS input) is online, 0 when not.");
    Families.Gauge present = g("present", "1 when the battery is present.");
    Families.Gauge capacity = g("capacity_ratio", "Charge of the battery as a ratio of full, 0 to 1.");
    Families.Gauge status = g("status", "The battery's status, one-hot over charging, discharging, not_charging, full and unknown.");
    Families.Gauge cycles = g("cycles", "Charge cycles the battery has been through.");
    Families.Gauge energy = g("energy_joules", "Energy in the battery now, in joules.");
    Families.Gauge energyFull = g("energy_full_joules", "Energy in the battery when full, in joules.");
    Families.Gauge energyDesign = g("energy_full_design_joules", "Energy the battery held when full by design, in joules.");
    Families.Gauge charge = g("charge_coulombs", "Charge in the battery now, in coulombs.");
    Families.Gauge chargeFull = g("charge_full_coulombs", "Charge in the battery when full, in coulombs.");
    Families.Gauge chargeDesign = g("charge_full_design_coulombs", "Charge the battery held when full by design, in coulombs.");
    Families.Gauge power = g("power_watts", "Power drawn from or fed into the supply now, in watts.");
    Families.Gauge voltage = g("voltage_volts", "Voltage now, in volts.");
    Families.Gauge voltageMin = g("voltage_min_design_volts", "Lowest voltage by design, in volts.");
    Families.Gauge current = g("current_amperes", "Current now, in amperes.");
    Families.Gauge temperature = g("temperature_celsius", "Temperature of the supply, in degrees Celsius.");
    Families.Gauge toEmpty = g("time_to_empty_seconds", "Time until the battery is empty at the present rate, in seconds.");
    Families.Gauge toFull = g("time_to_full_seconds", "Time until the battery is full at the present rate, in seconds.");
    InfoSnapshot.Builder info = InfoSnapshot.builder().name("hostkeeper_power_supply")
        .help("The power supply's type, technology, manufacturer and model (value 1).");
    for (Map.Entry<String, Map<String, String>> e : supplies.entrySet()) {
      String n = e.getKey();
      Map<String, String> a = e.getValue();
      online.add(num(a.get("online"), 1, 1), "power_supply", n);
      present.add(num(a.get("present"), 1, 1), "power_supply", n);
      capacity.add(num(a.get("capacity"), 1, 100), "power_supply", n);
      String st = a.get("status");
      if (st != null && !st.isEmpty()) {
        String key = st.toLowerCase(Locale.ROOT).replace(' ', '_');
        for (String s : STATUSES) status.add(s.equals(key) ? 1 : 0, "power_supply", n, "status", s);
      }
      cycles.add(num(a.get("cycle_count"), 1, 1), "power_supply", n);
      energy.add(num(a.get("energy_now"), 3600, 1e6), "power_supply", n);
      energyFull.add(num(a.get("energy_full"), 3600, 1e6), "power_supply", n);
      energyDesign.add(num(a.get("energy_full_design"), 3600, 1e6), "power_supply", n);
      charge.add(num(a.get("charge_now"), 3600, 1e6), "power_supply", n);
      chargeFull.add(num(a.get("charge_full"), 3600, 1e6), "power_supply", n);
      chargeDesign.add(num(a.get("charge_full_design"), 3600, 1e6), "power_supply", n);
      power.add(num(a.get("power_now"), 1, 1e6), "power_supply", n);
      voltage.add(num(a.get("voltage_now"), 1, 1e6), "power_supply", n);
      voltageMin.add(num(a.get("voltage_min_design"), 1, 1e6), "power_supply", n);
      current.add(num(a.get("current_now"), 1, 1e6), "power_supply", n);
      temperature.add(num(a.get("temp"), 1, 10), "power_supply", n);
      toEmpty.add(num(a.get("time_to_empty_now"), 1, 1), "power_supply", n);
      toFull.add(num(a.get("time_to_full_now"), 1, 1), "power_supply", n);
      info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("power_supply", n,
          "type", a.getOrDefault("type", ""), "technology", a.getOrDefault("technology", ""),
          "manufacturer", a.getOrDefault("manufacturer", ""), "model_name", a.getOrDefault("model_name", ""))).build());
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (Families.Gauge f : List.of(online, present, capacity, status, cycles, energy, energyFull, energyDesign, charge,
        chargeFull, chargeDesign, power, voltage, voltageMin, current, temperature, toEmpty, toFull)) {
      f.addTo(out);
    }
    if (!supplies.isEmpty()) out.add(info.build());
    return out;
  }

  private static Families.Gauge g(String name, String help) {
    return new Families.Gauge("hostkeeper_power_supply_" + name, help);
  }

  /** The attribute as a number times {@code times} divided by {@code by}; NaN (absent) when missing or not a number. */
  static double num(String text, double times, double by) {
    if (text == null || text.isEmpty()) return Double.NaN;
    try {
      return Long.parseLong(text) * times / by;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}

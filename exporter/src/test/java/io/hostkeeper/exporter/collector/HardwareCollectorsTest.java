package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.TextMetrics;
import io.hostkeeper.exporter.collector.mdraid.MdSysfs;
import io.hostkeeper.exporter.collector.mdraid.Mdstat;
import io.hostkeeper.exporter.collector.service.Exposition;
import io.hostkeeper.exporter.collector.timex.Adjtimex;
import io.hostkeeper.exporter.collector.timex.TimexValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mdraid, timex, edac and powersupply: pure parsing on tables, and hosts where they do not apply. */
class HardwareCollectorsTest {
  static final Path FIXTURE = Path.of("src/test/fixtures/hardware");
  static final ScrapeContext CTX = new ScrapeContext(System.nanoTime() + Duration.ofSeconds(30).toNanos());

  static Map<String, Mdstat.Array> mdstat() throws Exception {
    Map<String, Mdstat.Array> m = new java.util.LinkedHashMap<>();
    for (Mdstat.Array a : Mdstat.parse(Files.readString(FIXTURE.resolve("proc/mdstat")))) m.put(a.device(), a);
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # device | activity   | required | active | down | failed | spare | blocks     | synced
      md3      | active     | 8        | 8      | 0    | 0      | 2     | 5853468288 | 5853468288
      md4      | inactive   | 0        | 0      | 0    | 1      | 1     | 4883648    | 4883648
      md6      | recovering | 2        | 1      | 1    | 1      | 1     | 195310144  | 16775552
      md8      | resync     | 2        | 2      | 0    | 0      | 2     | 195310144  | 16775552
      md201    | check      | 2        | 2      | 0    | 0      | 0     | 1993728    | 114176
      md7      | active     | 4        | 3      | 1    | 1      | 0     | 7813735424 | 7813735424
      md9      | resync     | 4        | 4      | 0    | 2      | 1     | 523968     | 0
      md11     | resync     | 2        | 2      | 0    | 1      | 2     | 4190208    | 0
      md10     | active     | 2        | 2      | 0    | 0      | 0     | 314159265  | 314159265
      md120    | active     | 2        | 2      | 0    | 0      | 0     | 2095104    | 2095104
      md219    | inactive   | 0        | 0      | 0    | 0      | 3     | 7932       | 7932
      """)
  void mdstatArrays(String device, String activity, long required, long active, long down, long failed, long spare, long blocks,
      long synced) throws Exception {
    assertEquals(new Mdstat.Array(device, activity, required, active, down, failed, spare, blocks, synced), mdstat().get(device));
  }

  @Test
  void mdstatWithoutArraysHasNone() {
    assertEquals(List.of(), Mdstat.parse("Personalities : \nunused devices: <none>\n"));
    assertEquals(List.of(), Mdstat.parse(""));
  }

  @Test
  void reshapeIsAnActivityOfItsOwn() {
    List<Mdstat.Array> a = Mdstat.parse("""
        md5 : active raid5 sdd1[3] sdc1[2] sdb1[1] sda1[0]
              3906764800 blocks super 1.2 level 5, 512k chunk, algorithm 2 [4/4] [UUUU]
              [===>.................]  reshape = 17.3% (338159616/1953382400) finish=299.1min speed=90000K/sec
        """);
    assertEquals("reshape", a.get(0).activity());
    assertEquals(338159616, a.get(0).blocksSynced());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1569888 / 2093056 | 0.7500458659491194
      none              |
      delayed           |
      0 / 0             |
      """)
  void syncCompleted(String text, Double ratio) {
    assertEquals(ratio == null ? OptionalDouble.empty() : OptionalDouble.of(ratio), MdSysfs.syncCompleted(text));
  }

  @Test
  void timexDecodesMicroAndNanoResolution() {
    TimexValues micro = new TimexValues(5, 1500, 65536 * 10, 16_000_000, 16_000_000, 0x40, 2, 10_000, 0, 250, 0, 0, 0, 0, 0, 0, 0);
    TextMetrics m = TextMetrics.parse(Exposition.text(TimexCollector.metrics(micro)));
    assertEquals(0.0, m.value("hostkeeper_timex_sync_status"), "TIME_ERROR: not synchronised");
    assertEquals(0.0015, m.value("hostkeeper_timex_offset_seconds"));
    assertEquals(1.00001, m.value("hostkeeper_timex_frequency_adjustment_ratio"));
    assertEquals(16.0, m.value("hostkeeper_timex_maxerror_seconds"));
    assertEquals(0.00025, m.value("hostkeeper_timex_pps_jitter_seconds"));
    TimexValues nano = new TimexValues(0, 1500, 0, 0, 0, TimexValues.STA_NANO, 2, 10_000, 0, 250, 0, 0, 0, 0, 0, 0, 0);
    TextMetrics n = TextMetrics.parse(Exposition.text(TimexCollector.metrics(nano)));
    assertEquals(1.0, n.value("hostkeeper_timex_sync_status"));
    assertEquals(1.5e-6, n.value("hostkeeper_timex_offset_seconds"));
    assertEquals(2.5e-7, n.value("hostkeeper_timex_pps_jitter_seconds"));
  }

  @Test
  void adjtimexOnThisMachineAnswersWithSaneValues() throws Exception {
    Assumptions.assumeTrue(Adjtimex.available(), "adjtimex exists on Linux only");
    TimexValues t = Adjtimex.read();
    assertTrue(t.clockState() >= 0 && t.clockState() <= 5, "clock state " + t.clockState());
    // tick is 1e6 / USER_HZ microseconds: 10000 at 100 Hz, 1000 at 1000 Hz, 4000 at 250 Hz, 3333 at 300 Hz
    assertTrue(List.of(10_000L, 4_000L, 3_333L, 1_000L).contains(t.tick()), "tick " + t.tick());
    assertTrue(t.maxerror() >= 0 && t.esterror() >= 0, t.toString());
  }

  @Test
  void edacCountsPerControllerAndRow() throws Exception {
    TextMetrics m = TextMetrics.parse(Exposition.text(new EdacCollector(roots(FIXTURE)).collect(CTX)));
    assertEquals(1.0, m.value("hostkeeper_edac_correctable_errors_total", "controller", "0"));
    assertEquals(5.0, m.value("hostkeeper_edac_uncorrectable_errors_total", "controller", "0"));
    assertEquals(6.0, m.value("hostkeeper_edac_csrow_uncorrectable_errors_total", "controller", "0", "csrow", "unknown"));
    assertEquals(3.0, m.value("hostkeeper_edac_csrow_correctable_errors_total", "controller", "0", "csrow", "0"));
  }

  @Test
  void powerSupplyInBaseUnits() throws Exception {
    TextMetrics m = TextMetrics.parse(Exposition.text(new PowerSupplyCollector(roots(FIXTURE)).collect(CTX)));
    assertEquals(0.0, m.value("hostkeeper_power_supply_online", "power_supply", "AC"));
    assertEquals(0.81, m.value("hostkeeper_power_supply_capacity_ratio", "power_supply", "BAT0"));
    assertEquals(1.0, m.value("hostkeeper_power_supply_status", "power_supply", "BAT0", "status", "discharging"));
    assertEquals(36.58 * 3600, m.value("hostkeeper_power_supply_energy_joules", "power_supply", "BAT0"), 1e-6);
    assertEquals(10.8, m.value("hostkeeper_power_supply_voltage_min_design_volts", "power_supply", "BAT0"));
  }

  @Test
  void upsHatBatteryWithChargeAndTemperature(@TempDir Path sys) throws Exception {
    Path ups = Files.createDirectories(sys.resolve("class/power_supply/max17040_battery"));
    Map<String, String> files = Map.of("type", "Battery", "status", "Not charging", "capacity", "17", "voltage_now", "3610000",
        "charge_now", "1200000", "temp", "315", "present", "1");
    for (Map.Entry<String, String> f : files.entrySet()) Files.writeString(ups.resolve(f.getKey()), f.getValue() + "\n");
    TextMetrics m = TextMetrics.parse(Exposition.text(new PowerSupplyCollector(new HostRoots(sys, sys, sys)).collect(CTX)));
    assertEquals(0.17, m.value("hostkeeper_power_supply_capacity_ratio", "power_supply", "max17040_battery"));
    assertEquals(1.0, m.value("hostkeeper_power_supply_status", "power_supply", "max17040_battery", "status", "not_charging"));
    assertEquals(4320.0, m.value("hostkeeper_power_supply_charge_coulombs", "power_supply", "max17040_battery"));
    assertEquals(31.5, m.value("hostkeeper_power_supply_temperature_celsius", "power_supply", "max17040_battery"));
    assertTrue(m.series("hostkeeper_power_supply_online").isEmpty(), "a battery has no online file: absent, not 0");
  }

  @Test
  void hostWithoutMdEdacOrPowerSuppliesExportsNothingAndNoError(@TempDir Path empty) throws Exception {
    HostRoots roots = new HostRoots(empty, empty, empty);
    assertEquals(List.of(), new MdraidCollector(roots).collect(CTX));
    assertEquals(List.of(), new EdacCollector(roots).collect(CTX));
    assertEquals(List.of(), new PowerSupplyCollector(roots).collect(CTX));
    assertEquals(List.of(), new NvmeCollector(roots).collect(CTX));
    Files.writeString(empty.resolve("mdstat"), "Personalities : \nunused devices: <none>\n");
    assertEquals(List.of(), new MdraidCollector(roots).collect(CTX));
  }

  static HostRoots roots(Path fixture) {
    return new HostRoots(fixture.resolve("proc"), fixture.resolve("sys"), fixture);
  }
}

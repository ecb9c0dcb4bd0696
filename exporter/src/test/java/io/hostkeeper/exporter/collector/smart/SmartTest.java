package io.hostkeeper.exporter.collector.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.SmartConfig;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.exporter.TextMetrics;
import io.hostkeeper.exporter.collector.service.Exposition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** smartctl's JSON read purely, and whole refreshes through a fake smartctl (and the real one where installed). */
class SmartTest {
  static final Path FIXTURE = Path.of("src/test/fixtures/hardware/smart").toAbsolutePath();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  static String json(String name) throws Exception {
    return Files.readString(FIXTURE.resolve(name + ".json"));
  }

  @Test
  void healthySataSsd() throws Exception {
    SmartJson.Health h = SmartJson.health("sda", json("sda-ssd-healthy"));
    assertNull(h.problem());
    assertEquals(Boolean.TRUE, h.passed());
    assertEquals(34.0, h.temperatureCelsius());
    assertEquals(8123.0, h.powerOnHours());
    assertEquals(0.0, h.reallocatedSectors());
    assertNull(h.pendingSectors(), "attribute 197 not reported: absent");
    assertNull(h.percentageUsed());
  }

  @Test
  void failingDiskStillReportsItsFigures() throws Exception {
    SmartJson.Health h = SmartJson.health("sdb", json("sdb-hdd-failing"));
    assertNull(h.problem(), "exit status 24 (failing, prefail attribute at threshold) is a reading, not a failure to read");
    assertEquals(Boolean.FALSE, h.passed());
    assertEquals(2016.0, h.reallocatedSectors());
    assertEquals(112.0, h.pendingSectors());
    assertEquals(9.0, h.offlineUncorrectable());
  }

  @Test
  void nvmeHealthLog() throws Exception {
    SmartJson.Health h = SmartJson.health("nvme0", json("nvme0-spare-low"));
    assertEquals(93.0, h.percentageUsed());
    assertEquals(8.0, h.availableSpare());
    assertEquals(10.0, h.availableSpareThreshold());
    assertEquals(3.0, h.mediaErrors());
    assertEquals(15602.0, h.powerOnHours());
  }

  @Test
  void aDeviceSmartctlCannotSeeSaysWhy() throws Exception {
    SmartJson.Health h = SmartJson.health("sdc", json("sdc-usb-bridge"));
    assertEquals("/dev/sdc: Unknown USB bridge [0x152d:0x0578 (0x214)]; Please specify device type with the -d option.", h.problem());
    assertEquals("smartctl printed no JSON (Segmentation fault)", SmartJson.health("x", "Segmentation fault\n").problem());
  }

  @Test
  void aSleepingDiskIsNotAProblem() throws Exception {
    SmartJson.Health h = SmartJson.health("sdd", json("sdd-standby"));
    assertTrue(h.standby());
    assertNull(h.problem());
  }

  @Test
  void scanListsDevicesWithTheirTypes() throws Exception {
    assertEquals(List.of(new SmartJson.ScannedDevice("/dev/sda", "sat"), new SmartJson.ScannedDevice("/dev/sdb", "sat"),
        new SmartJson.ScannedDevice("/dev/nvme0", "nvme"), new SmartJson.ScannedDevice("/dev/sdc", "scsi"),
        new SmartJson.ScannedDevice("/dev/sdd", "sat")), SmartJson.scan(json("scan")));
  }

  /** The fixture's fake smartctl behind a wrapper that writes each argv to {@code calls}. */
  static Path fakeSmartctl(Path dir) throws Exception {
    Path script = dir.resolve("smartctl");
    Files.writeString(script, "#!/bin/sh\necho \"$*\" >> \"" + dir + "/calls\"\nexec \"" + FIXTURE.resolve("fake-smartctl")
        + "\" \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void refreshReadsEveryScannedDeviceWithoutWakingSleepingOnes(@TempDir Path dir) throws Exception {
    SmartConfig cfg = new SmartConfig(Duration.ofMinutes(30), fakeSmartctl(dir).toString(), Duration.ofSeconds(30), List.of());
    SmartReader.Reading r = new SmartReader(cfg).refresh(CLOCK);
    assertTrue(r.up());
    assertEquals(List.of("sda", "sdb", "nvme0", "sdc", "sdd"), r.devices().stream().map(SmartJson.Health::device).toList());
    List<String> calls = Files.readAllLines(dir.resolve("calls"));
    assertEquals("--json=c --scan-open", calls.get(0));
    assertEquals("--json=c --info --health --attributes --nocheck=standby -d sat /dev/sda", calls.get(1));
    TextMetrics m = TextMetrics.parse(Exposition.text(SmartMetrics.snapshots(r.up(), r.finishedMillis() / 1000.0, r.devices())));
    assertEquals(0.0, m.value("hostkeeper_smart_health_ok", "device", "sdb"));
    assertEquals(1.0, m.value("hostkeeper_smart_device_error", "device", "sdc"));
    assertNull(m.value("hostkeeper_smart_device_error", "device", "sdd"), "asleep and never read: absent");
    assertEquals(0.08, m.value("hostkeeper_smart_nvme_available_spare_ratio", "device", "nvme0"));
  }

  @Test
  void configuredDevicesAreReadWithoutAScan(@TempDir Path dir) throws Exception {
    SmartConfig cfg = new SmartConfig(Duration.ofMinutes(30), fakeSmartctl(dir).toString(), Duration.ofSeconds(30), List.of("/dev/nvme0"));
    SmartReader.Reading r = new SmartReader(cfg).refresh(CLOCK);
    assertEquals(List.of("nvme0"), r.devices().stream().map(SmartJson.Health::device).toList());
    assertEquals(List.of("--json=c --info --health --attributes --nocheck=standby /dev/nvme0"), Files.readAllLines(dir.resolve("calls")));
  }

  @Test
  void missingSmartctlIsSaidPlainly(@TempDir Path dir) {
    SmartConfig cfg = new SmartConfig(Duration.ofMinutes(30), dir.resolve("no-smartctl").toString(), Duration.ofSeconds(30), List.of());
    SmartReader.Reading r = new SmartReader(cfg).refresh(CLOCK);
    assertFalse(r.up());
    TextMetrics m = TextMetrics.parse(Exposition.text(SmartMetrics.snapshots(r.up(), 0, r.devices())));
    assertEquals(0.0, m.value("hostkeeper_smart_up"));
  }

  @Test
  void realSmartctlSaysItCannotReadANonDisk() throws Exception {
    Path smartctl = RealStack.require("smartmontools", "smartctl");
    SmartConfig cfg = new SmartConfig(Duration.ofMinutes(30), smartctl.toString(), Duration.ofSeconds(30), List.of("/dev/null"));
    SmartReader.Reading r = new SmartReader(cfg).refresh(CLOCK);
    assertTrue(r.up());
    assertEquals(1, r.devices().size());
    assertTrue(r.devices().get(0).problem() != null && !r.devices().get(0).problem().isBlank(), r.devices().toString());
  }
}

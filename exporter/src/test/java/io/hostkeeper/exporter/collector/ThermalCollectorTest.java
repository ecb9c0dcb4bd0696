package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.collector.service.Exposition;
import io.hostkeeper.exporter.collector.thermal.SensorsSource;
import io.hostkeeper.exporter.collector.thermal.SysfsFiles;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ThermalCollectorTest {
  @TempDir Path sys;

  static ScrapeContext budget(Duration d) {
    return new ScrapeContext(System.nanoTime() + d.toNanos());
  }

  private Path chip(String hwmon, String name) throws Exception {
    Path dir = Files.createDirectories(sys.resolve("class/hwmon").resolve(hwmon));
    Files.writeString(dir.resolve("name"), name + "\n");
    return dir;
  }

  @Test
  void missingSysfsGivesNoSamplesAndNoFailure() throws Exception {
    assertTrue(new ThermalCollector(sys.resolve("nope")).collect(budget(Duration.ofSeconds(5))).isEmpty());
  }

  @Test
  void failingReadsGiveNoSampleOthersStay() throws Exception {
    Path dir = chip("hwmon0", "coretemp");
    Files.writeString(dir.resolve("temp1_input"), "55000\n");
    Files.writeString(dir.resolve("temp1_label"), "Package id 0\n");
    Files.writeString(dir.resolve("temp2_input"), "53000\n");
    Files.writeString(dir.resolve("temp2_label"), "Core 0\n");
    // The driver answers EAGAIN for temp1 (e.g. a sensor still converting): the read reports no value.
    SysfsFiles eagain = file -> file.getFileName().toString().equals("temp1_input") ? Optional.empty() : SysfsFiles.REAL.read(file);
    String text = Exposition.text(new ThermalCollector(sys, eagain).collect(budget(Duration.ofSeconds(5))));
    assertFalse(text.contains("sensor=\"temp1\""), text);
    assertTrue(text.contains("hostkeeper_temperature_celsius{chip=\"coretemp-virtual-0\",label=\"Core 0\",sensor=\"temp2\",source=\"hwmon\"} 53.0"), text);
    assertTrue(text.contains("hostkeeper_cpu_temperature_celsius 53.0"), "no package reading: hottest core\n" + text);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void blockingDriverIsBoundedByTheBudget() throws Exception {
    Path stuck = chip("hwmon0", "slowi2c");
    Path fifo = stuck.resolve("temp1_input");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
    Path ok = chip("hwmon1", "coretemp");
    Files.writeString(ok.resolve("temp1_input"), "47000\n");
    ThermalCollector collector = new ThermalCollector(sys);
    try {
      // Opening a FIFO with no writer blocks, like a driver waiting on a dead bus.
      String text = Exposition.text(collector.collect(budget(Duration.ofMillis(500))));
      assertTrue(text.contains("chip=\"coretemp-virtual-0\""), text);
      assertFalse(text.contains("slowi2c"), text);
      // The blocked read is still pending: the next scrape does not start a second one, and still answers.
      text = Exposition.text(collector.collect(budget(Duration.ofMillis(300))));
      assertTrue(text.contains("chip=\"coretemp-virtual-0\""), text);
    } finally {
      // Opening the writer unblocks the pending read; the FIFO is swapped for a plain file before
      // the answer is written, so no later read can block on it again.
      try (FileOutputStream release = new FileOutputStream(fifo.toFile())) {
        Files.delete(fifo);
        Files.writeString(fifo, "51000\n");
        release.write("51000\n".getBytes());
      }
    }
    // Once the driver answers, the chip is back.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String text = "";
    while (System.nanoTime() < deadline && !text.contains("slowi2c")) {
      text = Exposition.text(collector.collect(budget(Duration.ofSeconds(2))));
    }
    assertTrue(text.contains("hostkeeper_temperature_celsius{chip=\"slowi2c-virtual-0\""), text);
  }

  @Test
  void raspberryPi4ThrottleLocation() throws Exception {
    Path fw = Files.createDirectories(sys.resolve("devices/platform/soc/soc:firmware"));
    Files.writeString(fw.resolve("get_throttled"), "0\n");
    String text = Exposition.text(new ThermalCollector(sys).collect(budget(Duration.ofSeconds(5))));
    assertTrue(text.contains("hostkeeper_rpi_throttle_active{flag=\"under_voltage\"} 0.0"), text);
    assertTrue(text.contains("hostkeeper_rpi_throttle_occurred{flag=\"throttled\"} 0.0"), text);
  }

  @Test
  void oshiElsewhere() throws Exception {
    SensorsSource fake = new SensorsSource() {
      @Override public OptionalDouble cpuTemperature() {
        return SensorsSource.known(48.5);
      }
      @Override public int[] fanSpeeds() {
        return new int[] {0, 1200};
      }
      @Override public OptionalDouble cpuVoltage() {
        return SensorsSource.known(Double.NaN);
      }
    };
    ThermalCollector collector = new ThermalCollector(fake);
    assertEquals("thermal", collector.name());
    String text = Exposition.text(collector.collect(budget(Duration.ofSeconds(5))));
    assertTrue(text.contains("hostkeeper_cpu_temperature_celsius 48.5"), text);
    assertTrue(text.contains("hostkeeper_temperature_celsius{chip=\"cpu\",label=\"\",sensor=\"cpu\",source=\"oshi\"} 48.5"), text);
    assertTrue(text.contains("hostkeeper_fan_speed_rpm{chip=\"oshi\",label=\"\",sensor=\"fan2\"} 1200.0"), text);
    assertFalse(text.contains("sensor=\"fan1\""), "0 rpm is unknown: " + text);
    assertFalse(text.contains("voltage"), "NaN is unknown: " + text);
  }
}

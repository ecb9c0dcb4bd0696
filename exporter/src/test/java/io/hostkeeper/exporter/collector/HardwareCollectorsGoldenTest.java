package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.ByteSize;
import io.hostkeeper.common.config.TextfileConfig;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.exporter.collector.service.Exposition;
import io.hostkeeper.exporter.collector.smart.SmartJson;
import io.hostkeeper.exporter.collector.smart.SmartMetrics;
import io.hostkeeper.exporter.collector.timex.TimexValues;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output of textfile, mdraid, timex, edac, powersupply, nvme and smart on the fixture host
 * {@code hardware}, against its golden file ({@code fixtures/hardware/metrics.txt}; regenerate with
 * {@code -Dhostkeeper.updateGolden=true} and review the diff), and {@code promtool check metrics} on it.
 * timex decodes a fixed reading of a host synchronised by chrony; smart decodes the recorded JSON.
 */
class HardwareCollectorsGoldenTest {
  static final Path FIXTURE = Path.of("src/test/fixtures/hardware");
  static final Path GOLDEN = FIXTURE.resolve("metrics.txt");
  /** A chrony-synchronised host: STA_PLL|STA_NANO, offset -23.4 µs in ns, freq -12.5 ppm. */
  static final TimexValues SYNCED = new TimexValues(0, -23_400, -819_200, 16_500, 1_200, 0x2001, 7, 10_000, 0, 0, 0, 0, 0, 0, 0,
      0, 37);

  static final ScrapeContext CTX = new ScrapeContext(System.nanoTime() + Duration.ofSeconds(30).toNanos());

  static List<SmartJson.Health> smartFixtures() throws Exception {
    List<SmartJson.Health> out = new ArrayList<>();
    for (String[] d : new String[][] {{"sda", "sda-ssd-healthy"}, {"sdb", "sdb-hdd-failing"}, {"nvme0", "nvme0-spare-low"},
        {"sdc", "sdc-usb-bridge"}, {"sdd", "sdd-standby"}}) {
      out.add(SmartJson.health(d[0], Files.readString(FIXTURE.resolve("smart").resolve(d[1] + ".json"))));
    }
    return out;
  }

  static String scrape(Path textfiles) throws Exception {
    HostRoots roots = new HostRoots(FIXTURE.resolve("proc"), FIXTURE.resolve("sys"), FIXTURE);
    TextfileCollectorTest.copyFixture(textfiles);
    List<MetricSnapshot> all = new ArrayList<>();
    all.addAll(new TextfileCollector(new TextfileConfig(textfiles, new ByteSize(1 << 20), 10_000)).collect(CTX));
    all.addAll(new MdraidCollector(roots).collect(CTX));
    all.addAll(new TimexCollector(() -> SYNCED).collect(CTX));
    all.addAll(new EdacCollector(roots).collect(CTX));
    all.addAll(new PowerSupplyCollector(roots).collect(CTX));
    all.addAll(new NvmeCollector(roots).collect(CTX));
    all.addAll(SmartMetrics.snapshots(true, 1_767_323_045, smartFixtures()));
    return Exposition.text(all).replace(textfiles.toString(), "/var/lib/hostkeeper-textfile");
  }

  @Test
  void matchesGolden(@TempDir Path textfiles) throws Exception {
    String text = scrape(textfiles);
    if (Boolean.getBoolean("hostkeeper.updateGolden")) Files.writeString(GOLDEN, text);
    assertEquals(Files.readString(GOLDEN), text, "golden output of the hardware fixture (regenerate with -Dhostkeeper.updateGolden=true)");
  }

  @Test
  void promtoolAcceptsGolden() throws Exception {
    Path promtool = RealStack.require("prometheus", "promtool");
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(Files.readAllBytes(GOLDEN));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
    assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out.toString(StandardCharsets.UTF_8));
    assertEquals("", out.toString(StandardCharsets.UTF_8).trim());
  }
}

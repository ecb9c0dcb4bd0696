package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.exporter.collector.service.Exposition;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole thermal output for each fixture host, compared with its golden file
 * ({@code fixtures/thermal/<host>/metrics.txt}); regenerate with {@code -Dhostkeeper.updateGolden=true}
 * and review the diff. {@code promtool check metrics} must accept every golden file.
 */
class ThermalCollectorGoldenTest {
  static final Path FIXTURES = Path.of("src/test/fixtures/thermal");

  static String scrape(String host) throws Exception {
    ThermalCollector collector = new ThermalCollector(FIXTURES.resolve(host).resolve("sys"));
    return Exposition.text(collector.collect(new ScrapeContext(System.nanoTime() + Duration.ofSeconds(20).toNanos())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"x86-server", "nct6775-desktop", "amd-k10temp", "raspberry-pi-5", "broken-sensors"})
  void matchesGolden(String host) throws Exception {
    String text = scrape(host);
    Path golden = FIXTURES.resolve(host).resolve("metrics.txt");
    if (Boolean.getBoolean("hostkeeper.updateGolden")) Files.writeString(golden, text);
    assertEquals(Files.readString(golden), text, "golden output of " + host + " (regenerate with -Dhostkeeper.updateGolden=true)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x86-server", "nct6775-desktop", "amd-k10temp", "raspberry-pi-5", "broken-sensors"})
  void promtoolAcceptsGolden(String host) throws Exception {
    Path promtool = RealStack.require("prometheus", "promtool");
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(Files.readAllBytes(FIXTURES.resolve(host).resolve("metrics.txt")));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
    assertEquals(0, p.exitValue(), "promtool check metrics on " + host + ":\n" + out.toString(StandardCharsets.UTF_8));
  }
}

package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.javalin.testtools.JavalinTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The whole /metrics text of the fixture host "server" against a golden file (collector durations
 * filtered: they vary per run). Regenerate with {@code -Dhostkeeper.updateGolden=true}.
 */
class GoldenMetricsTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/server-metrics.txt");

  static String filtered(String body) {
    return body.lines().filter(l -> !l.startsWith("hostkeeper_scrape_collector_duration_seconds{"))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  static String scrapeFixture() {
    HostRoots roots = TestConfigs.fixture("server");
    String[] body = new String[1];
    // timex reads this machine's kernel clock, not the fixture: left out of the fixture's golden output
    io.hostkeeper.common.config.ExporterConfig cfg = TestConfigs.exporter(roots, java.time.Duration.ofSeconds(1), List.of(),
        List.of("timex"));
    try (ScrapeEngine engine = FixtureExporter.engine(roots, cfg, List.of())) {
      JavalinTest.test(FixtureExporter.app(engine), (server, client) -> {
        body[0] = client.get("/metrics", r -> r.header("Accept", "text/plain;version=0.0.4")).body().string();
      });
    }
    return body[0];
  }

  @Test
  void wholeOutputMatchesGoldenFile() throws IOException {
    String actual = filtered(scrapeFixture());
    if (Boolean.getBoolean("hostkeeper.updateGolden")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual);
    }
    assertEquals(Files.readString(GOLDEN), actual, "regenerate with -Dhostkeeper.updateGolden=true if the change is intended");
  }

  @Test
  void promtoolFindsNothingInGoldenFile() throws Exception {
    Path promtool = RealStack.require("prometheus", "promtool");
    assertEquals("", promtoolCheckMetrics(promtool, Files.readString(GOLDEN)));
  }

  @Test
  void promtoolFindsNothingInALiveScrapeOfThisHost() throws Exception {
    Path promtool = RealStack.require("prometheus", "promtool");
    HostRoots live = HostRoots.defaults();
    io.hostkeeper.common.config.ExporterConfig cfg = TestConfigs.exporter(live);
    io.hostkeeper.exporter.scrape.CollectorRegistry registry = io.hostkeeper.exporter.scrape.CollectorRegistry.builtIn(
        cfg, live, FixtureExporter.BUILD, java.time.Clock.systemUTC());
    try (ScrapeEngine engine = new ScrapeEngine(registry.build(cfg.collectors()), cfg.maxStaleness())) {
      JavalinTest.test(FixtureExporter.app(engine), (server, client) -> {
        String body = client.get("/metrics", r -> r.header("Accept", "text/plain;version=0.0.4")).body().string();
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("hostkeeper_cpu_seconds_total"), body);
        assertEquals("", promtoolCheckMetrics(promtool, body));
      });
    }
  }

  /** promtool check metrics on {@code text}: its findings (empty when none), failing on a non-zero exit. */
  static String promtoolCheckMetrics(Path promtool, String text) throws Exception {
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool did not finish");
    }
    return p.exitValue() == 0 ? out.trim() : "exit " + p.exitValue() + ": " + out.trim();
  }
}

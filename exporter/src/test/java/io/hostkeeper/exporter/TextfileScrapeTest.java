package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ByteSize;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.TextfileConfig;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's first minute with textfiles: drop a .prom file in the directory, see it on the next scrape. */
class TextfileScrapeTest {

  @Test
  void aDroppedFileIsOnTheNextScrapeAndABrokenOneDoesNotFailIt(@TempDir Path dir) {
    HostRoots roots = TestConfigs.fixture("server");
    ExporterConfig base = TestConfigs.exporter(roots, Duration.ZERO, List.of(), List.of("timex"));
    ExporterConfig cfg = new ExporterConfig(base.listen(), base.paths(), base.collectors(), base.maxStaleness(),
        base.scrapeTimeout(), base.filesystems(), base.thresholds(), List.of(), null, null,
        new TextfileConfig(dir, new ByteSize(1 << 20), 1000), null, null);
    try (ScrapeEngine engine = FixtureExporter.engine(roots, cfg, List.of())) {
      JavalinTest.test(FixtureExporter.app(engine), (server, client) -> {
        TextMetrics before = TextMetrics.parse(client.get("/metrics").body().string());
        assertEquals(0.0, before.value("hostkeeper_textfile_series"));
        Files.writeString(dir.resolve("app.prom"), "# HELP app_rows Rows.\n# TYPE app_rows gauge\napp_rows{table=\"users\"} 42\n");
        Files.writeString(dir.resolve("broken.prom"), "app_half{x=\"1\n");
        String body = client.get("/metrics").body().string();
        TextMetrics after = TextMetrics.parse(body);
        assertEquals(42.0, after.value("app_rows", "table", "users"));
        assertEquals(1.0, after.value("hostkeeper_textfile_scrape_error"));
        assertEquals(1.0, after.value("hostkeeper_scrape_collector_success", "collector", "textfile"));
        assertTrue(after.value("hostkeeper_cpus") != null, "the built-in collectors still go out");
      });
    }
  }
}

package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.SmartConfig;
import io.hostkeeper.exporter.collector.smart.SmartReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmartCollectorTest {

  @Test
  void scrapesServeTheBackgroundReadingAndNeverRunSmartctlThemselves(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("smartctl");
    Files.writeString(script, "#!/bin/sh\necho \"$*\" >> \"" + dir + "/calls\"\n"
        + "echo '{\"smartctl\":{\"exit_status\":0},\"devices\":[]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    SmartConfig cfg = new SmartConfig(Duration.ofMinutes(30), script.toString(), Duration.ofSeconds(30), List.of());
    try (SmartCollector c = new SmartCollector(cfg, new SmartReader(cfg), Clock.systemUTC())) {
      ScrapeContext ctx = new ScrapeContext(System.nanoTime() + Duration.ofSeconds(10).toNanos());
      for (int i = 0; i < 5; i++) c.collect(ctx);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (c.latest() == null && System.nanoTime() < deadline) Thread.sleep(20);
      assertTrue(c.latest() != null, "the first background refresh finished");
      assertEquals(1.0, ((io.prometheus.metrics.model.snapshots.GaugeSnapshot) c.collect(ctx).get(0)).getDataPoints().get(0).getValue());
      for (int i = 0; i < 5; i++) c.collect(ctx);
      assertEquals(List.of("--json=c --scan-open"), Files.readAllLines(dir.resolve("calls")),
          "one refresh for eleven scrapes: smartctl runs every smart.interval, not per scrape");
    }
  }
}

package io.hostkeeper.exporter;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.collector.StatFs;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.StatusService;
import io.javalin.Javalin;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** An exporter over a fixture host with a fixed clock, build info and statvfs: its output is deterministic. */
public final class FixtureExporter {
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.5Z"), ZoneOffset.UTC);
  public static final BuildInfo BUILD = new BuildInfo("1.2.3-test", "abc1234", "17.0.99");

  private FixtureExporter() {}

  /**
   * Deterministic statvfs: sizes derived from the path below the fixture folder (never from where the
   * checkout lives), with 4 KiB blocks; throws for paths containing "broken".
   */
  public static final StatFs FAKE_STATFS = path -> {
    if (path.contains("broken")) throw new IOException("statvfs " + path + ": errno 5");
    int at = path.indexOf("fixtures/");
    String stable = at < 0 ? path : path.substring(at);
    double blocks = 1_000_000 + Math.abs(stable.hashCode() % 1_000_000);
    return new StatFs.Usage(blocks * 4096, blocks * 4096 / 2, blocks * 4096 / 2 - 4096 * 1000, 655_360, 600_000);
  };

  public static ScrapeEngine engine(HostRoots roots, ExporterConfig cfg, List<Collector> extra) {
    // an extra collector takes the place of a built-in one of the same name (a fake thermal, say)
    List<CollectorRegistry.Factory> factories = new java.util.ArrayList<>(
        CollectorRegistry.builtIn(cfg, roots, BUILD, CLOCK, FAKE_STATFS).factories());
    for (Collector c : extra) {
      factories.removeIf(f -> f.name().equals(c.name()));
      factories.add(new CollectorRegistry.Factory(c.name(), true, () -> c));
    }
    return new ScrapeEngine(new CollectorRegistry(factories).build(cfg.collectors()), cfg.maxStaleness());
  }

  public static Javalin app(ScrapeEngine engine) {
    return new ExporterApp(engine, new StatusService(CLOCK, List.of()), BUILD, java.time.Duration.ofSeconds(10)).create();
  }
}

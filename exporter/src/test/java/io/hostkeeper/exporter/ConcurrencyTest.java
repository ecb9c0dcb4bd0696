package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.StatusService;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 50 concurrent scrapers, 3,000 requests over real HTTP: no errors, every body complete, and no
 * sample older than max_staleness. A sample's time is {@code hostkeeper_time_seconds} (read by the
 * time collector during the round); a request may also join a round that was in flight when it was
 * sent, so the bound is max_staleness plus that round's own duration (its slowest collector).
 */
class ConcurrencyTest {
  static final int SCRAPERS = 50;
  static final int REQUESTS_EACH = 60;
  static final Duration MAX_STALENESS = Duration.ofMillis(100);

  @Test
  void fiftyScrapersNoErrorsNoStaleSamples() throws Exception {
    HostRoots roots = TestConfigs.fixture("server");
    ExporterConfig cfg = TestConfigs.exporter(roots, MAX_STALENESS, List.of(), List.of());
    CollectorRegistry registry = CollectorRegistry.builtIn(cfg, roots, FixtureExporter.BUILD, Clock.systemUTC(), FixtureExporter.FAKE_STATFS);
    ExecutorService pool = Executors.newFixedThreadPool(SCRAPERS);
    try (ScrapeEngine engine = new ScrapeEngine(registry.build(cfg.collectors()), cfg.maxStaleness())) {
      Javalin app = new ExporterApp(engine, new StatusService(Clock.systemUTC(), List.of()), FixtureExporter.BUILD,
          Duration.ofSeconds(10)).create().start("127.0.0.1", 0);
      try {
        HttpClient http = HttpClient.newBuilder().executor(pool).build();
        URI uri = URI.create("http://127.0.0.1:" + app.port() + "/metrics");
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Future<?>> scrapers = new ArrayList<>();
        ExecutorService drivers = Executors.newFixedThreadPool(SCRAPERS);
        for (int s = 0; s < SCRAPERS; s++) {
          scrapers.add(drivers.submit(() -> {
            for (int i = 0; i < REQUESTS_EACH; i++) {
              long sentMillis = System.currentTimeMillis();
              try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                String body = r.body();
                if (r.statusCode() != 200 || !body.contains("hostkeeper_memory_total_bytes ")) {
                  problems.add("status " + r.statusCode());
                  continue;
                }
                double sampleMillis = value(body, "hostkeeper_time_seconds ") * 1000;
                double roundMillis = maxDuration(body) * 1000;
                // 1 ms: the wall clock's millisecond granularity on both sides.
                double oldestAllowed = sentMillis - MAX_STALENESS.toMillis() - roundMillis - 1;
                if (sampleMillis < oldestAllowed) {
                  problems.add("sample " + (sentMillis - sampleMillis) + " ms old (round " + roundMillis + " ms)");
                }
                ok.incrementAndGet();
              } catch (Exception e) {
                problems.add(e.toString());
              }
            }
          }));
        }
        for (Future<?> f : scrapers) f.get(5, TimeUnit.MINUTES);
        drivers.shutdown();
        assertTrue(problems.isEmpty(), problems.size() + " problems, e.g. " + problems.peek());
        assertEquals(SCRAPERS * REQUESTS_EACH, ok.get());
      } finally {
        app.stop();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static double value(String body, String prefix) {
    int i = body.indexOf("\n" + prefix);
    int end = body.indexOf('\n', i + 1);
    return Double.parseDouble(body.substring(i + 1 + prefix.length(), end).trim());
  }

  static double maxDuration(String body) {
    double max = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith("hostkeeper_scrape_collector_duration_seconds{")) {
        max = Math.max(max, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return max;
  }
}

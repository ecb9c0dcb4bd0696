package io.hostkeeper.exporter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.exporter.FixtureExporter;
import io.hostkeeper.exporter.TestConfigs;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.collector.ScrapeContext;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.javalin.testtools.JavalinTest;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /metrics and the other routes over real HTTP on a random port, on the fixture host. */
class MetricsEndpointTest {
  static final String PROTOBUF = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.1";
  static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
  static final String TEXT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

  final HostRoots roots = TestConfigs.fixture("server");
  final HttpClient http = HttpClient.newHttpClient();

  interface Body {
    void check(int port) throws Exception;
  }

  void withApp(List<Collector> extra, Body body) {
    try (ScrapeEngine engine = FixtureExporter.engine(roots, TestConfigs.exporter(roots, Duration.ZERO, List.of(), List.of()), extra)) {
      JavalinTest.test(FixtureExporter.app(engine), (server, client) -> body.check(server.port()));
    }
  }

  HttpResponse<byte[]> send(int port, String method, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "protobuf|" + PROTOBUF + "|application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
      "openmetrics|" + OPENMETRICS + "|application/openmetrics-text; version=1.0.0; charset=utf-8",
      "text|" + TEXT + "|text/plain; version=0.0.4; charset=utf-8",
      "none|*/*|text/plain; version=0.0.4; charset=utf-8"})
  void answersEveryFormatPrometheusAsksFor(String name, String accept, String contentType) {
    withApp(List.of(), port -> {
      HttpResponse<byte[]> r = send(port, "GET", "/metrics", "Accept", accept);
      assertEquals(200, r.statusCode());
      assertEquals(contentType, r.headers().firstValue("Content-Type").orElse(""));
      String body = new String(r.body(), StandardCharsets.ISO_8859_1);
      assertTrue(body.contains("hostkeeper_memory_total_bytes"), name);
      if (name.equals("openmetrics")) assertTrue(body.endsWith("# EOF\n"));
      if (name.equals("protobuf")) assertFalse(body.contains("# HELP"));
    });
  }

  @Test
  void gzipWhenAskedWithTheSameContent() {
    withApp(List.of(), port -> {
      HttpResponse<byte[]> plain = send(port, "GET", "/metrics", "Accept", TEXT);
      HttpResponse<byte[]> gz = send(port, "GET", "/metrics", "Accept", TEXT, "Accept-Encoding", "gzip");
      assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
      assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
      String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(gz.body().length < unzipped.length());
      assertEquals(strip(text(plain)), strip(unzipped));
    });
  }

  static String strip(String body) {
    return GoldenLines.withoutDurations(body);
  }

  @Test
  void headAnswersHeadersWithoutBody() {
    withApp(List.of(), port -> {
      HttpResponse<byte[]> r = send(port, "HEAD", "/metrics", "Accept", OPENMETRICS);
      assertEquals(200, r.statusCode());
      assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals(0, r.body().length);
      assertTrue(Long.parseLong(r.headers().firstValue("Content-Length").orElse("0")) > 1000);
    });
  }

  @Test
  void collectAndExcludeSelectCollectors() {
    withApp(List.of(), port -> {
      String only = text(send(port, "GET", "/metrics?collect[]=meminfo&collect[]=loadavg"));
      assertTrue(only.contains("hostkeeper_memory_total_bytes ") && only.contains("hostkeeper_load1 "));
      assertFalse(only.contains("hostkeeper_cpu_seconds_total"));
      assertTrue(only.contains("hostkeeper_scrape_collector_success{collector=\"meminfo\"} 1"));
      assertFalse(only.contains("collector=\"cpu\""));
      String without = text(send(port, "GET", "/metrics?exclude[]=cpu"));
      assertFalse(without.contains("hostkeeper_cpu_seconds_total"));
      assertTrue(without.contains("hostkeeper_memory_total_bytes "));
    });
  }

  @Test
  void unknownCollectorOrBothParametersIsABadRequest() {
    withApp(List.of(), port -> {
      HttpResponse<byte[]> r = send(port, "GET", "/metrics?collect[]=nope");
      assertEquals(400, r.statusCode());
      assertTrue(text(r).contains("nope"));
      assertEquals(400, send(port, "GET", "/metrics?collect[]=cpu&exclude[]=meminfo").statusCode());
    });
  }

  @Test
  void aThrowingCollectorNeverFailsTheScrape() {
    Collector broken = new Collector() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public List<MetricSnapshot> collect(ScrapeContext context) {
        throw new IllegalStateException("sensor fell off");
      }
    };
    withApp(List.of(broken), port -> {
      HttpResponse<byte[]> r = send(port, "GET", "/metrics");
      assertEquals(200, r.statusCode());
      assertTrue(text(r).contains("hostkeeper_scrape_collector_success{collector=\"broken\"} 0.0"));
      assertTrue(text(r).contains("hostkeeper_scrape_collector_success{collector=\"cpu\"} 1.0"));
    });
  }

  @Test
  void landingHealthAndStatus() {
    withApp(List.of(), port -> {
      HttpResponse<byte[]> landing = send(port, "GET", "/");
      assertTrue(landing.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertTrue(text(landing).contains("1.2.3-test") && text(landing).contains("href=\"metrics\""));
      assertEquals("ok\n", text(send(port, "GET", "/health")));
      HttpResponse<byte[]> status = send(port, "GET", "/api/status");
      assertEquals(200, status.statusCode());
      assertTrue(status.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
      assertTrue(text(status).contains("\"status\":\"ok\""), text(status));
    });
  }

  /**
   * The cache-poisoning attack: a client sends a tiny scrape timeout so that a round with no time
   * to run is cached and served to Prometheus for max_staleness. Here a collector needs longer
   * than the budget floor: the attacker's round fails it, and Prometheus' scrapes must not see that.
   */
  @Test
  void tinyScrapeTimeoutHeaderDoesNotPoisonTheCacheForNormalScrapes() throws Exception {
    Collector sluggish = new Collector() {
      @Override
      public String name() {
        return "sluggish";
      }

      @Override
      public List<MetricSnapshot> collect(ScrapeContext context) throws InterruptedException {
        Thread.sleep(ScrapeEngine.MIN_BUDGET.toMillis() + 300);
        return List.of(io.hostkeeper.exporter.collector.Families.gauge("test_sluggish", "test", 1));
      }
    };
    ExporterConfig cfg = TestConfigs.exporter(roots, Duration.ofMinutes(1), List.of(), List.of());
    try (ScrapeEngine engine = FixtureExporter.engine(roots, cfg, List.of(sluggish))) {
      JavalinTest.test(FixtureExporter.app(engine), (server, client) -> {
        for (int i = 0; i < 3; i++) {
          send(server.port(), "GET", "/metrics", "Accept", TEXT, MetricsEndpoint.TIMEOUT_HEADER, "0.000001");
          String normal = text(send(server.port(), "GET", "/metrics", "Accept", TEXT, MetricsEndpoint.TIMEOUT_HEADER, "10"));
          List<String> failed = normal.lines().filter(l -> l.startsWith("hostkeeper_scrape_collector_success{"))
              .filter(l -> !l.endsWith(" 1.0")).toList();
          assertEquals(List.of(), failed, "a normal scrape sees every collector succeed");
          assertTrue(normal.contains("test_sluggish 1.0"), normal);
        }
      });
    }
  }

  @ParameterizedTest(name = "header {0} -> {1} ms")
  @CsvSource({"10, 9500", "1, 900", "0.5, 500", "0.000001, 500", "'', 10000", "abc, 10000", "-1, 10000"})
  void budgetFromPrometheusTimeoutHeader(String header, long millis) {
    try (ScrapeEngine engine = new ScrapeEngine(List.of(), Duration.ZERO)) {
      MetricsEndpoint m = new MetricsEndpoint(engine, Duration.ofSeconds(10));
      assertEquals(Duration.ofMillis(millis), m.budget(header));
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"gzip|true", "gzip, deflate, br|true", "br;q=1.0, gzip;q=0.8|true", "gzip;q=0|false", "identity|false", "''|false"})
  void acceptEncoding(String header, boolean gzip) {
    assertEquals(gzip, MetricsEndpoint.acceptsGzip(header));
  }
}

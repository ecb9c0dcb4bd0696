package io.hostkeeper.exporter.status.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.Threshold;
import io.hostkeeper.exporter.ExporterApp;
import io.hostkeeper.exporter.FixtureExporter;
import io.hostkeeper.exporter.TestConfigs;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.scrape.ScrapeRound;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.HostStatusContributor;
import io.hostkeeper.exporter.status.Level;
import io.hostkeeper.exporter.status.StatusCheck;
import io.hostkeeper.exporter.status.StatusReport;
import io.hostkeeper.exporter.status.StatusService;
import io.hostkeeper.exporter.status.history.History;
import io.hostkeeper.exporter.status.history.HistorySampler;
import io.javalin.testtools.JavalinTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aWorkerPortWithTlsIsLinkedWithHttps() throws Exception {
    HostRoots roots = TestConfigs.fixture("server");
    try (ScrapeEngine engine = FixtureExporter.engine(roots, TestConfigs.exporter(roots), List.of())) {
      StatusService status = new StatusService(FixtureExporter.CLOCK, List.of(new HostStatusContributor(
          () -> engine.collect(Duration.ofSeconds(10)), TestConfigs.exporter(roots).thresholds(), null)));
      StatusRoutes routes = new StatusRoutes(status, engine, History.forDay(Duration.ofMinutes(1)), FixtureExporter.BUILD,
          Duration.ofSeconds(10), Clock.systemUTC(), HostPort.parse("127.0.0.1:29101"), true);
      JavalinTest.test(new ExporterApp(engine, status, FixtureExporter.BUILD, Duration.ofSeconds(10), routes).create(), (server, client) -> {
        String html = client.get("/").body().string();
        assertTrue(html.contains("id=\"worker-link\" href=\"https://127.0.0.1:29101/\""), html.substring(html.indexOf("<footer>")));
      });
    }
  }

  @Test
  void thePageShowsTheFixtureHostWithAStrictPolicyAndServesItsAssetsAndHistory() throws Exception {
    HostRoots roots = TestConfigs.fixture("server");
    try (ScrapeEngine engine = FixtureExporter.engine(roots, TestConfigs.exporter(roots), List.of())) {
      StatusService status = new StatusService(FixtureExporter.CLOCK, List.of(new HostStatusContributor(
          () -> engine.collect(Duration.ofSeconds(10)), TestConfigs.exporter(roots).thresholds(), null)));
      History history = History.forDay(Duration.ofMinutes(1));
      HistorySampler sampler = new HistorySampler(history, () -> engine.collect(Duration.ofSeconds(10)), Clock.systemUTC());
      sampler.sampleOnce();
      sampler.sampleOnce();
      StatusRoutes routes = new StatusRoutes(status, engine, history, FixtureExporter.BUILD, Duration.ofSeconds(10),
          Clock.systemUTC(), HostPort.parse("0.0.0.0:29101"));
      JavalinTest.test(new ExporterApp(engine, status, FixtureExporter.BUILD, Duration.ofSeconds(10), routes).create(), (server, client) -> {
        {
          Response r = client.get("/");
          assertEquals(200, r.code());
          assertEquals(StatusRoutes.CSP, r.headers().get("Content-Security-Policy").get(0));
          String html = r.body().string();
          assertTrue(html.contains("<h2>Swap</h2><p class=\"value\">25 %</p>"), html);
          assertTrue(html.contains("<h2>Disk /</h2>"), "each filesystem has a card");
          assertTrue(html.contains("<h2>Load</h2>") && html.contains("<h2>Uptime</h2>"), html);
          assertTrue(html.contains("data-series=\"memory\""), "a chart per history series");
          assertTrue(html.matches("(?s).*id=\"worker-link\" href=\"http://(localhost|127\\.0\\.0\\.1):29101/\".*"),
              "links to the worker page on this host: " + html.substring(html.indexOf("<footer>")));
          assertFalse(html.contains("<script>") || html.contains("style="), "no inline script or style");
        }
        {
          Response r = client.get("/static/uPlot.iife.min.js");
          assertEquals(200, r.code());
          assertTrue(r.headers().get("Content-Type").get(0).startsWith("text/javascript"));
        }
        {
          Response r = client.get("/static/..%2Fhostkeeper-build.properties");
          assertEquals(404, r.code(), "only the named assets are served");
        }
        {
          Response r = client.get("/api/history?series=swap&range=1h");
          assertEquals(200, r.code());
          JsonNode body = JSON.readTree(r.body().string());
          assertEquals("percent", body.path("unit").asText());
          assertEquals(2, body.path("points").size());
          assertTrue(body.path("points").get(1).get(1).isNumber(), body.toString());
        }
        {
          Response r = client.get("/api/history?series=nope");
          assertEquals(400, r.code());
          assertTrue(r.body().string().contains("unknown series \\\"nope\\\"; known: cpu, memory"));
        }
        {
          Response r = client.get("/api/history?series=cpu&range=48h");
          assertEquals(400, r.code());
          assertTrue(r.body().string().contains("at most 1d"));
        }
        {
          Response r = client.get("/api/history?series=cpu&range=soon");
          assertEquals(400, r.code());
        }
      });
    }
  }

  @Test
  void hostileNamesAndReasonsAreShownAsText() throws Exception {
    HostRoots roots = TestConfigs.fixture("server");
    try (ScrapeEngine engine = FixtureExporter.engine(roots, TestConfigs.exporter(roots), List.of())) {
      ScrapeRound round = engine.collect(Duration.ofSeconds(10));
      StatusReport report = new StatusReport(Level.CRITICAL, "2026-01-01T00:00:00Z", List.of(
          StatusCheck.judge("disk:/mnt/<script>alert(1)</script>", 95, "percent", new Threshold(80.0, 90.0)),
          new StatusCheck("service:web", Level.CRITICAL, 0.0, null, null, null, "HTTP 500: <img src=x onerror=alert(2)> \"quoted\"")));
      String html = StatusPage.render(PageModel.build(report, round, History.forDay(Duration.ofMinutes(1)),
          Instant.parse("2026-01-01T00:00:00Z"), FixtureExporter.BUILD, null));
      assertFalse(html.contains("<script>alert"), html);
      assertFalse(html.contains("<img src=x"), html);
      assertTrue(html.contains("Disk /mnt/&lt;script&gt;alert(1)&lt;/script&gt;"), html);
      assertTrue(html.contains("HTTP 500: &lt;img src=x onerror=alert(2)&gt; &quot;quoted&quot;"), html);
      assertTrue(html.contains("class=\"overall critical\""), html);
    }
  }

  @Test
  void theRoundsTimeIsShownToTheSecondAndKeptWholeForMachines() {
    assertEquals("2026-12-04 14:50:52 UTC", StatusPage.shownTime("2026-12-04T14:50:52.565723777Z"));
    assertEquals("not a time", StatusPage.shownTime("not a time"), "an unparsable time is shown as it is");
  }

  @Test
  void serviceNotCheckedYetIsNeitherUpNorDownAndAStaleOneIsDown() throws Exception {
    HostRoots roots = TestConfigs.fixture("server");
    try (ScrapeEngine engine = FixtureExporter.engine(roots, TestConfigs.exporter(roots), List.of())) {
      ScrapeRound round = engine.collect(Duration.ofSeconds(10));
      StatusReport report = new StatusReport(Level.CRITICAL, "2026-01-01T00:00:00Z", List.of(
          StatusCheck.unknown("service:new", "not checked yet"),
          new StatusCheck("service:hung", Level.CRITICAL, 0.0, null, null, null, "stale: no check result for more than 32s")));
      String html = StatusPage.render(PageModel.build(report, round, History.forDay(Duration.ofMinutes(1)),
          Instant.parse("2026-01-01T00:00:00Z"), FixtureExporter.BUILD, null));
      assertTrue(html.contains("<tr class=\"unknown\" data-service=\"new\"><td>new</td><td>not checked yet</td>"), html);
      assertTrue(html.contains("<tr class=\"critical\" data-service=\"hung\"><td>hung</td><td>down<br><span class=\"reason\">stale: "), html);
    }
  }
}

package io.hostkeeper.exporter.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.common.config.Threshold;
import io.hostkeeper.exporter.FixtureExporter;
import io.hostkeeper.exporter.TestConfigs;
import io.hostkeeper.exporter.ExporterApp;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /api/status: its format, full precision beside the rounded display, and fail_on for uptime checkers. */
class StatusEndpointTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "fail_on={0}, overall {1} -> {2}")
  @CsvSource({
      "'', OK, 200", "'', WARNING, 200", "'', CRITICAL, 200",
      "warning, OK, 200", "warning, WARNING, 503", "warning, CRITICAL, 503",
      "critical, OK, 200", "critical, WARNING, 200", "critical, CRITICAL, 503"})
  void failOnTable(String param, Level overall, int code) {
    FailOn f = FailOn.parse(param.isEmpty() ? List.of() : List.of(param));
    assertEquals(code, f.httpStatus(overall));
  }

  @Test
  void failOnRefusesAnythingElse() {
    assertEquals("fail_on must be warning or critical, got \"ok\"",
        assertThrows(IllegalArgumentException.class, () -> FailOn.parse(List.of("ok"))).getMessage());
    assertEquals("fail_on must be warning or critical, got \"Critical\"",
        assertThrows(IllegalArgumentException.class, () -> FailOn.parse(List.of("Critical"))).getMessage());
    assertEquals("give fail_on once, as warning or critical",
        assertThrows(IllegalArgumentException.class, () -> FailOn.parse(List.of("warning", "critical"))).getMessage());
  }

  /** A status whose memory check is critical at an unrounded value, disk warning, a service unknown. */
  static StatusService criticalStatus() {
    StatusContributor c = new StatusContributor() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public List<StatusCheck> checks() {
        return List.of(StatusCheck.judge("memory", 91.9999999998617568, "percent", new Threshold(80.0, 90.0)),
            StatusCheck.judge("disk:/", 81.25, "percent", new Threshold(80.0, 90.0)),
            StatusCheck.judge("temperature", 45.27, "celsius", new Threshold(70.0, 80.0)),
            StatusCheck.unknown("service:web", "not checked yet"));
      }
    };
    return new StatusService(FixtureExporter.CLOCK, List.of(c));
  }

  interface Body {
    void check(int port) throws Exception;
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void withApp(StatusService status, Body body) {
    try (ScrapeEngine engine = FixtureExporter.engine(TestConfigs.fixture("server"),
        TestConfigs.exporter(TestConfigs.fixture("server")), List.of())) {
      JavalinTest.test(new ExporterApp(engine, status, FixtureExporter.BUILD, Duration.ofSeconds(10)).create(),
          (server, client) -> body.check(server.port()));
    }
  }

  @Test
  void criticalIs200UnlessAskedAnd503WithFailOn() {
    withApp(criticalStatus(), port -> {
      {
        HttpResponse<String> plain = get(port, "/api/status");
        assertEquals(200, plain.statusCode(), "without fail_on the level is in the body only");
        JsonNode body = JSON.readTree(plain.body());
        assertEquals("critical", body.get("status").asText());
      }
      {
        HttpResponse<String> crit = get(port, "/api/status?fail_on=critical");
        assertEquals(503, crit.statusCode());
        assertEquals("no-store", crit.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("critical", JSON.readTree(crit.body()).get("status").asText(), "the same body with 503");
      }
      {
        HttpResponse<String> warn = get(port, "/api/status?fail_on=warning");
        assertEquals(503, warn.statusCode());
      }
      {
        HttpResponse<String> bad = get(port, "/api/status?fail_on=sometimes");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), bad.headers().firstValue("Content-Type").orElse(""));
        assertEquals("fail_on must be warning or critical, got \"sometimes\"", JSON.readTree(bad.body()).get("error").asText());
      }
    });
  }

  @Test
  void okIs200EvenWithFailOnWarning() {
    StatusService ok = new StatusService(FixtureExporter.CLOCK, List.of());
    withApp(ok, port -> {
      {
        HttpResponse<String> r = get(port, "/api/status?fail_on=warning");
        assertEquals(200, r.statusCode());
        assertEquals("ok", JSON.readTree(r.body()).get("status").asText());
      }
    });
  }

  @Test
  void valuesKeepFullPrecisionAndDisplayIsRounded() {
    withApp(criticalStatus(), port -> {
      {
        HttpResponse<String> r = get(port, "/api/status");
        JsonNode body = JSON.readTree(r.body());
        assertEquals("2026-01-02T03:04:05.500Z", body.get("time").asText());
        JsonNode memory = body.get("checks").get(0);
        assertEquals("memory", memory.get("name").asText());
        assertEquals("critical", memory.get("level").asText());
        assertEquals(91.9999999998617568, memory.get("value").asDouble(), 0.0, "the data is not rounded");
        assertEquals("92 %", memory.get("display").asText());
        assertEquals("percent", memory.get("unit").asText());
        assertEquals(80.0, memory.get("warning").asDouble());
        assertEquals(90.0, memory.get("critical").asDouble());
        assertEquals("81 %", body.get("checks").get(1).get("display").asText());
        assertEquals("45.3 °C", body.get("checks").get(2).get("display").asText());
        JsonNode web = body.get("checks").get(3);
        assertEquals("unknown", web.get("level").asText());
        assertTrue(web.get("value").isNull() && web.get("display").isNull(), web.toString());
        assertEquals("not checked yet", web.get("detail").asText());
        assertEquals(List.of("name", "level", "value", "unit", "warning", "critical", "detail", "display"),
            iterable(memory.fieldNames()));
      }
    });
  }

  static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}

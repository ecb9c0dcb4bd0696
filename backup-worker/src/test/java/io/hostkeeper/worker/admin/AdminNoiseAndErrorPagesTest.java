package io.hostkeeper.worker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.testing.Http;
import io.hostkeeper.worker.testing.LogCapture;
import io.hostkeeper.worker.testing.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 14: a flood of unauthenticated requests costs at most one INFO line a minute, and
 * Jetty's own 400/414/431 answers are JSON like the rest of the API, not HTML pages.
 */
class AdminNoiseAndErrorPagesTest {
  static final String TOKEN = "test-token-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Worker worker;
  int port;

  @BeforeEach
  void start() throws Exception {
    worker = Worker.start(TestConfigs.withToken(dir, TOKEN), dir, Clock.systemUTC(), new WorkerModules(List.of(), List.of()),
        Worker.Options.defaults());
    port = worker.adminPort();
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  @Test
  void aFloodOfUnauthenticatedRequestsIsOneInfoLine() {
    try (LogCapture log = new LogCapture(AdminApp.class)) {
      for (int i = 0; i < 30; i++) {
        assertEquals(401, Http.post(port, "/api/scheduler/pause", i % 2 == 0 ? null : "wrong-token").statusCode());
      }
      List<String> info = log.atLeast(Level.INFO);
      assertEquals(1, info.size(), info.toString());
      assertTrue(info.get(0).contains("POST \"/api/scheduler/pause\""), info.get(0));
      assertEquals(30, log.at(Level.DEBUG).size(), "each one is still there at DEBUG");
    }
    assertEquals(200, Http.post(port, "/api/scheduler/resume", TOKEN).statusCode(), "authenticated requests still work");
  }

  @Test
  void theSummaryLineCountsWhatWasSuppressed() {
    RefusalLog log = new RefusalLog(Duration.ofMinutes(1));
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    assertTrue(log.refused(t, "POST /api/a from 1.2.3.4").orElseThrow().contains("refused POST /api/a"));
    for (int i = 1; i <= 9; i++) assertEquals(Optional.empty(), log.refused(t.plusSeconds(i), "POST /api/b from 5.6.7.8"));
    String summary = log.refused(t.plusSeconds(61), "GET /api/c from 9.9.9.9").orElseThrow();
    assertTrue(summary.contains("refused 10 requests"), summary);
    assertTrue(summary.contains("GET /api/c from 9.9.9.9"), summary);
    assertEquals(Optional.empty(), log.refused(t.plusSeconds(62), "x"));
  }

  @Test
  void uriTooLongIsJson() throws Exception {
    assertJsonError(raw("GET /api/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 414);
  }

  @Test
  void headersTooLargeAreJson() throws Exception {
    assertJsonError(raw("GET /api/jobs HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n"), 431);
  }

  @Test
  void aMalformedRequestIsJson() throws Exception {
    assertJsonError(raw("GET /api/jobs HTTP/1.1\r\nHost: x\r\nthis line has no colon\r\nConnection: close\r\n\r\n"), 400);
    assertJsonError(raw("GET /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\nConnection: close\r\n\r\n"), 400);
  }

  private static void assertJsonError(String response, int status) throws Exception {
    int split = response.indexOf("\r\n\r\n");
    assertTrue(split > 0, response);
    String head = response.substring(0, split);
    String body = response.substring(split + 4);
    assertTrue(head.startsWith("HTTP/1.1 " + status + " "), head);
    assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), head);
    assertFalse(body.contains("<html"), body);
    JsonNode json = JSON.readTree(body);
    assertEquals(AdminApp.codeFor(status), json.path("error").asText(), body);
    assertFalse(json.path("message").asText().isEmpty(), body);
  }

  private String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) != -1; ) out.write(buf, 0, n);
      } catch (java.net.SocketException e) {
        // the server may reset after answering a request it will not read to the end
      }
      String text = out.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      if (split > 0 && text.substring(0, split).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        text = text.substring(0, split + 4) + dechunk(text.substring(split + 4));
      }
      return text;
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      if (eol < 0) break;
      int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      if (size == 0) break;
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}

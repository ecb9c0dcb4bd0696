package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.HttpCheck;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.StatusRange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", ex -> reply(ex, 200, "status: ok"));
    server.createContext("/broken", ex -> reply(ex, 503, "down for maintenance"));
    server.createContext("/moved", ex -> {
      ex.getResponseHeaders().add("Location", "/health");
      reply(ex, 302, "");
    });
    server.createContext("/hop", ex -> {
      ex.getResponseHeaders().add("Location", base + "/moved");
      reply(ex, 303, "");
    });
    server.createContext("/loop-a", ex -> {
      ex.getResponseHeaders().add("Location", "/loop-b");
      reply(ex, 301, "");
    });
    server.createContext("/loop-b", ex -> {
      ex.getResponseHeaders().add("Location", "/loop-a");
      reply(ex, 307, "");
    });
    server.createContext("/method", ex -> reply(ex, ex.getRequestMethod().equals("HEAD") ? 204 : 405, ""));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) ex.getResponseBody().write(bytes);
    ex.close();
  }

  static ServiceProbe probe(String url, String status, Pattern body, Duration timeout) {
    HttpCheck http = new HttpCheck(url, "GET", StatusRange.parse(status), body, timeout, true, 5);
    return probe(http);
  }

  static ServiceProbe probe(HttpCheck http) {
    ServiceConfig svc = new ServiceConfig("web", new ServiceCheck(http, null, null, null, null, null), null);
    return ServiceProbes.create(svc, ProbeSettings.defaults());
  }

  @Test
  void upWithStatusAndBodyMatch() {
    ProbeResult r = probe(base + "/health", "200-299", Pattern.compile("status: (ok|degraded)"), Duration.ofSeconds(5)).check();
    assertTrue(r.up(), r.reason());
    assertEquals(200, r.httpStatus().getAsInt());
    assertEquals("", r.reason());
  }

  @Test
  void wrongStatusIsDownWithTheStatus() {
    ProbeResult r = probe(base + "/broken", "2xx", null, Duration.ofSeconds(5)).check();
    assertFalse(r.up());
    assertEquals(503, r.httpStatus().getAsInt());
    assertEquals("HTTP 503 from " + base + "/broken, expected 200-299", r.reason());
  }

  @Test
  void expectedNon2xxStatusIsUp() {
    assertTrue(probe(base + "/broken", "503", null, Duration.ofSeconds(5)).check().up());
  }

  @Test
  void bodyWithoutMatchIsDown() {
    ProbeResult r = probe(base + "/health", "200", Pattern.compile("healthy"), Duration.ofSeconds(5)).check();
    assertFalse(r.up());
    assertTrue(r.reason().contains("no match for /healthy/"), r.reason());
  }

  @Test
  void followsRedirects() {
    ProbeResult r = probe(base + "/moved", "200", Pattern.compile("ok"), Duration.ofSeconds(5)).check();
    assertTrue(r.up(), r.reason());
    assertEquals(200, r.httpStatus().getAsInt());
  }

  @Test
  void redirectsNotFollowedWhenMaxIsZero() {
    ProbeResult r = probe(new HttpCheck(base + "/moved", "GET", StatusRange.parse("2xx"), null, Duration.ofSeconds(5), true, 0)).check();
    assertFalse(r.up());
    assertEquals(302, r.httpStatus().getAsInt());
  }

  @Test
  void redirectLoopIsDownWithTheLoop() {
    ProbeResult r = probe(base + "/loop-a", "2xx", null, Duration.ofSeconds(5)).check();
    assertFalse(r.up());
    assertEquals("redirect loop: " + base + "/loop-a -> " + base + "/loop-b -> " + base + "/loop-a", r.reason());
  }

  @Test
  void redirectsAreBounded() {
    assertTrue(probe(new HttpCheck(base + "/moved", "GET", StatusRange.parse("2xx"), null, Duration.ofSeconds(5), true, 1)).check().up());
    ProbeResult r = probe(new HttpCheck(base + "/hop", "GET", StatusRange.parse("2xx"), null, Duration.ofSeconds(5), true, 1)).check();
    assertFalse(r.up());
    assertEquals("more than 1 redirects starting at " + base + "/hop", r.reason());
  }

  @Test
  void usesTheConfiguredMethod() {
    assertTrue(probe(new HttpCheck(base + "/method", "head", StatusRange.parse("204"), null, Duration.ofSeconds(5), true, 5)).check().up());
    assertFalse(probe(base + "/method", "204", null, Duration.ofSeconds(5)).check().up());
  }

  @Test
  void stoppedServerIsRefused() {
    ServiceProbe p = probe(base + "/health", "2xx", null, Duration.ofSeconds(5));
    assertTrue(p.check().up());
    server.stop(0);
    server = null;
    ProbeResult r = p.check();
    assertFalse(r.up());
    assertTrue(r.httpStatus().isEmpty());
    assertTrue(r.reason().startsWith("connection to 127.0.0.1:") && r.reason().endsWith(" refused"), r.reason());
  }

  @Test
  void silentServerIsDownWithinItsTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // The kernel completes the handshake from the backlog; nobody ever answers.
      ProbeResult r = probe("http://127.0.0.1:" + silent.getLocalPort() + "/", "2xx", null, Duration.ofMillis(300)).check();
      assertFalse(r.up());
      assertEquals("no response from http://127.0.0.1:" + silent.getLocalPort() + "/ within 300ms", r.reason());
    }
  }

  @Test
  void unresolvableHost() {
    ProbeResult r = probe("http://no-such-host.invalid/", "2xx", null, Duration.ofSeconds(5)).check();
    assertFalse(r.up());
    assertEquals("cannot resolve host no-such-host.invalid", r.reason());
  }

  @Test
  void httpsToAPlainServerIsATlsFailure() throws Exception {
    // Like nginx on a plain port: whatever arrives, answer "400 Bad Request" in plain HTTP and close.
    try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (var s = plain.accept()) {
          s.getInputStream().read(new byte[4096]);
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
          // the client hung up first
        }
      });
      t.start();
      ProbeResult r = probe("https://127.0.0.1:" + plain.getLocalPort() + "/health", "2xx", null, Duration.ofSeconds(10)).check();
      assertFalse(r.up());
      assertTrue(r.reason().startsWith("TLS "), r.reason());
      t.join(5000);
    }
  }

  @Test
  void badUrlsAreRejectedAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> probe("ftp://example.org/", "2xx", null, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> probe("http:///nohost", "2xx", null, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> probe(base, "2xx", null, Duration.ZERO));
  }
}

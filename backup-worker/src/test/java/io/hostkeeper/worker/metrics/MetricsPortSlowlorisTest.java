package io.hostkeeper.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.testing.Sockets;
import io.hostkeeper.common.web.ServerLimits;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.status.WorkerStatusRoutes;
import io.hostkeeper.worker.testing.TestConfigs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 4, the attack as described: slowloris clients (request headers one byte a second)
 * on the worker's metrics port must not keep a normal scrape out, and a client that never finishes
 * its headers is disconnected after the header deadline.
 */
class MetricsPortSlowlorisTest {
  private static final String HEADERS = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: "
      + "a".repeat(200) + "\r\n\r\n";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir Path dir;

  @Test
  void twentySlowlorisSocketsDoNotKeepAScrapeOut() throws Exception {
    try (Worker worker = Worker.start(TestConfigs.worker(dir), dir, Clock.systemUTC(),
        new WorkerModules(List.of(), List.of()), Worker.Options.defaults())) {
      int port = worker.metricsPort();
      ExecutorService slow = Executors.newFixedThreadPool(20);
      List<Future<?>> attackers = new ArrayList<>();
      try {
        java.util.concurrent.CountDownLatch dripping = new java.util.concurrent.CountDownLatch(20);
        for (int i = 0; i < 20; i++) attackers.add(slow.submit(() -> dripHeaders(port, Duration.ofSeconds(40), dripping)));
        // every attacker connected and has sent its first bytes
        assertTrue(dripping.await(30, TimeUnit.SECONDS), "the attackers connect");
        for (String accept : List.of("text/plain;version=0.0.4", "application/openmetrics-text; version=1.0.0",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")) {
          HttpResponse<byte[]> r = scrape(port, accept, false);
          assertEquals(200, r.statusCode(), accept);
          assertTrue(r.body().length > 0, accept);
        }
      } finally {
        slow.shutdownNow();
        assertTrue(slow.awaitTermination(30, TimeUnit.SECONDS), "attackers stop");
      }
    }
  }

  @Test
  void everyFormatAndGzipIsAnsweredWithItsContentType() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    io.prometheus.metrics.core.metrics.Counter.builder().name("hostkeeper_test_things_total").help("things").register(registry).inc();
    try (WorkerMetricsServer server = WorkerMetricsServer.start(new HostPort("127.0.0.1", 0), registry, statusRoutes())) {
      HttpResponse<byte[]> text = scrape(server.port(), "text/plain", false);
      assertEquals("text/plain; version=0.0.4; charset=utf-8", text.headers().firstValue("Content-Type").orElse(""));
      assertTrue(new String(text.body(), StandardCharsets.UTF_8).contains("hostkeeper_test_things_total 1.0"));
      HttpResponse<byte[]> om = scrape(server.port(), "application/openmetrics-text; version=1.0.0", false);
      assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
      assertTrue(new String(om.body(), StandardCharsets.UTF_8).endsWith("# EOF\n"));
      HttpResponse<byte[]> pb = scrape(server.port(),
          "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", false);
      assertTrue(pb.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.google.protobuf"));
      HttpResponse<byte[]> gz = scrape(server.port(), "text/plain", true);
      assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
        assertArrayEquals(text.body(), in.readAllBytes());
      }
      HttpResponse<byte[]> one = send(server.port(), "/metrics?name[]=hostkeeper_test_things_total", "text/plain", false);
      assertEquals("# HELP hostkeeper_test_things_total things\n# TYPE hostkeeper_test_things_total counter\n"
          + "hostkeeper_test_things_total 1.0\n", new String(one.body(), StandardCharsets.UTF_8));
      assertEquals(200, send(server.port(), "/-/healthy", "*/*", false).statusCode());
      // compose.yaml's health check: HTTP/1.0, no Host header
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(10_000);
        s.getOutputStream().write("GET /metrics HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
        assertTrue(status.endsWith(" 200"), status);
      }
    }
  }

  @Test
  void aClientThatNeverFinishesItsHeadersIsDisconnected() throws Exception {
    ServerLimits limits = new ServerLimits(Duration.ofSeconds(1), Duration.ofSeconds(30), 16, 8192);
    try (WorkerMetricsServer server = WorkerMetricsServer.start(new HostPort("127.0.0.1", 0), limits, new PrometheusRegistry(),
        statusRoutes())) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(500);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean closed = false;
        for (int i = 0; i < HEADERS.length() - 2 && System.nanoTime() < deadline && !closed; i++) {
          try {
            out.write(HEADERS.charAt(i));
            out.flush();
          } catch (IOException e) {
            closed = true;
            break;
          }
          try {
            closed = in.read() == -1;
          } catch (java.net.SocketTimeoutException e) {
            // still open
          } catch (IOException e) {
            closed = true;
          }
        }
        assertTrue(closed, "the server closes a connection whose headers take longer than the deadline");
      }
      try (Socket silent = new Socket("127.0.0.1", server.port())) {
        assertTrue(Sockets.closedByServer(silent, Duration.ofSeconds(20)),
            "a client that connects and sends nothing is disconnected too");
      }
      assertEquals(200, scrape(server.port(), "text/plain", false).statusCode(), "and keeps serving others");
    }
  }

  private WorkerStatusRoutes statusRoutes() {
    return new WorkerStatusRoutes(new io.hostkeeper.worker.status.WorkerStatusSource(TestConfigs.worker(dir), null, null,
        org.jdbi.v3.core.Jdbi.create("jdbc:sqlite::memory:"), io.hostkeeper.common.BuildInfo.load(), Clock.systemUTC()));
  }

  /** One header byte every 250 ms, for at most {@code duration}; ends quietly when the server closes. */
  private static Void dripHeaders(int port, Duration duration, java.util.concurrent.CountDownLatch started) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      long end = System.nanoTime() + duration.toNanos();
      for (int i = 0; i < HEADERS.length() - 2 && System.nanoTime() < end; i++) {
        out.write(HEADERS.charAt(i));
        out.flush();
        if (i == 0) started.countDown();
        Thread.sleep(250); // the attack itself: each byte keeps the connection from idling out, the headers never end
      }
    } catch (IOException | InterruptedException e) {
      // closed by the server, or the test is over
    }
    return null;
  }

  private static HttpResponse<byte[]> scrape(int port, String accept, boolean gzip) throws Exception {
    return send(port, "/metrics", accept, gzip);
  }

  private static HttpResponse<byte[]> send(int port, String path, String accept, boolean gzip) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("Accept", accept);
    if (gzip) b.header("Accept-Encoding", "gzip");
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}

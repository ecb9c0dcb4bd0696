package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.testing.Sockets;
import io.hostkeeper.common.web.ServerLimits;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.StatusService;
import io.javalin.Javalin;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exporter's port listens on the same hardened connector as the worker's metrics port: a
 * client that connects and never finishes its request headers is disconnected at the header
 * deadline, and such clients do not keep a scrape out. The deadline is 1 s here (10 s in use).
 */
class ExporterSlowClientTest {
  @Test
  void aClientThatNeverFinishesItsHeadersIsDisconnectedAndScrapesGoOn() throws Exception {
    HostRoots roots = TestConfigs.fixture("server");
    ServerLimits limits = new ServerLimits(Duration.ofSeconds(1), Duration.ofSeconds(30), 64, 8192);
    List<Socket> slow = new ArrayList<>();
    try (ScrapeEngine engine = FixtureExporter.engine(roots, TestConfigs.exporter(roots), List.of())) {
      Javalin app = new ExporterApp(engine, new StatusService(Clock.systemUTC(), List.of()), FixtureExporter.BUILD,
          Duration.ofSeconds(10)).create(new HostPort("127.0.0.1", 0), limits).start();
      try {
        int port = app.port();
        for (int i = 0; i < 20; i++) {
          Socket s = new Socket("127.0.0.1", port);
          OutputStream out = s.getOutputStream();
          out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1)); // and never the end
          out.flush();
          slow.add(s);
        }
        String metrics = ExporterReloadTest.get("http://127.0.0.1:" + port + "/metrics");
        assertTrue(metrics.contains("hostkeeper_load1 "), metrics);
        // Jetty's idle timeout alone (30 s) would keep the connection well past this read's 10 s.
        assertTrue(Sockets.closedByServer(slow.get(0), Duration.ofSeconds(10)), "the server closes a connection whose headers never end");
      } finally {
        for (Socket s : slow) s.close();
        app.stop();
      }
    }
  }
}

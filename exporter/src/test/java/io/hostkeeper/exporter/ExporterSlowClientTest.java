package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.exporter.cli.ExporterOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter's port listens on the same hardened connector as the worker's metrics port: a
 * client that connects and never finishes its request headers is disconnected at the header
 * deadline (10 s), and slow clients do not keep a scrape out.
 */
class ExporterSlowClientTest {
  @TempDir Path dir;

  @Test
  void aClientThatNeverSendsItsHeadersIsDisconnectedAndScrapesGoOn() throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), ExporterReloadTest.config("loadavg", ""));
    LoadedConfig loaded = ConfigLoader.load(Optional.of(file));
    ExporterConfig cfg = new ExporterOptions().apply(loaded.config().exporter());
    ExporterRunner.Wiring w = ExporterRunner.wire(cfg, ExporterRunner.registry(cfg, ExporterRunner.extensions(loaded.config(), cfg)));
    w.app().start();
    List<Socket> slow = new ArrayList<>();
    try {
      int port = w.app().port();
      for (int i = 0; i < 20; i++) {
        Socket s = new Socket("127.0.0.1", port);
        OutputStream out = s.getOutputStream();
        out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1)); // and never the end
        out.flush();
        slow.add(s);
      }
      String metrics = ExporterReloadTest.get("http://127.0.0.1:" + port + "/metrics");
      assertTrue(metrics.contains("hostkeeper_load1 "), metrics);
      // The header deadline is 10 s; Jetty's default idle timeout alone would keep it for 30 s.
      Socket first = slow.get(0);
      first.setSoTimeout(20_000);
      int read = 0;
      boolean timedOut = false;
      try {
        // Jetty may answer 408 before closing; either way the connection ends, it is not held open.
        while (read != -1) read = first.getInputStream().read();
      } catch (java.net.SocketTimeoutException e) {
        timedOut = true;
      } catch (IOException e) {
        read = -1;
      }
      assertTrue(!timedOut, "the connection was still open after 20 s");
      assertEquals(-1, read, "the server closes a connection whose headers never end");
    } finally {
      for (Socket s : slow) s.close();
      w.app().stop();
    }
  }
}

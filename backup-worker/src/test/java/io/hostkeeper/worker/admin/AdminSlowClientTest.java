package io.hostkeeper.worker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.testing.Sockets;
import io.hostkeeper.common.web.ServerLimits;
import io.hostkeeper.worker.testing.Http;
import io.javalin.Javalin;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin API listens on the hardened connector of the metrics ports: clients that open
 * connections and never finish their request headers are cut off at the header deadline (1 s
 * here, 10 s in use) while the API goes on answering. Without the hardened connector only the
 * 30 s idle timeout applies, and the read below times out first.
 */
class AdminSlowClientTest {
  static final String TOKEN = "test-token-0123456789";

  @Test
  void clientsThatNeverFinishTheirHeadersAreCutOffAndTheApiStillAnswers() throws Exception {
    ServerLimits limits = new ServerLimits(Duration.ofSeconds(1), Duration.ofSeconds(30), 64, 8192);
    Javalin app = AdminApp.create(new HostPort("127.0.0.1", 0), limits, TOKEN, List.of(), Map::of).start();
    List<Socket> slow = new ArrayList<>();
    try {
      int port = app.port();
      for (int i = 0; i < 20; i++) {
        Socket s = new Socket("127.0.0.1", port);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/scheduler/pause HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1)); // and never the blank line that ends the headers
        out.flush();
        slow.add(s);
      }
      assertEquals(200, Http.get(port, "/health", null).statusCode());
      // the idle timeout alone (30 s) would keep the connection open well past this read's 10 s
      assertTrue(Sockets.closedByServer(slow.get(0), Duration.ofSeconds(10)), "the server closes a connection whose headers never end");
    } finally {
      for (Socket s : slow) s.close();
      app.stop();
    }
  }
}

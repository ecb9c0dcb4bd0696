package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.hostkeeper.common.config.HttpCheck;
import io.hostkeeper.common.config.StatusRange;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HTTPS server with a self-signed certificate (made by the JDK's keytool): verified by default, accepted with the opt-out. */
class HttpsProbeTest {
  @TempDir Path dir;
  private HttpsServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    Path store = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + Files.readString(dir.resolve("keytool.log")));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/health", ex -> {
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void selfSignedIsATlsFailureByDefault() {
    ProbeResult r = HttpProbeTest.probe(new HttpCheck(url, "GET", StatusRange.parse("2xx"), null, Duration.ofSeconds(10), true, 5)).check();
    assertFalse(r.up());
    assertTrue(r.reason().startsWith("TLS handshake with 127.0.0.1:" + server.getAddress().getPort() + " failed: "), r.reason());
  }

  @Test
  void tlsVerifyFalseAcceptsIt() {
    ProbeResult r = HttpProbeTest.probe(new HttpCheck(url, "GET", StatusRange.parse("2xx"), null, Duration.ofSeconds(10), false, 5)).check();
    assertTrue(r.up(), r.reason());
    assertEquals(200, r.httpStatus().getAsInt());
  }
}

package io.hostkeeper.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Both ports' TLS, basic auth and headers, in process on a real Jetty connector. */
class WebSecurityTest {
  private static final TestCerts.Issued CA = TestCerts.ca("web CA");
  private static final String HASH = BCrypt.hashpw("s3cret", BCrypt.gensalt(4));

  @TempDir Path dir;
  private Javalin app;
  private WebSecurity web;

  @AfterEach
  void stop() {
    if (app != null) app.stop();
  }

  private int start(String yaml, ServerLimits limits) throws Exception {
    return start(yaml, limits, true);
  }

  private int start(String yaml, ServerLimits limits, boolean aesInHardware) throws Exception {
    Path f = dir.resolve("web.yml");
    Files.writeString(f, yaml);
    WebConfigReader.Result r = WebConfigReader.read(f);
    assertEquals(java.util.List.of(), r.errors());
    web = new WebSecurity("test", r.settings(), aesInHardware);
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      HardenedConnector.install(config, "127.0.0.1", 0, limits, web);
      config.routes.get("/metrics", ctx -> ctx.result("up 1\n"));
    }).start();
    return app.port();
  }

  private String tlsYaml(String extra) throws Exception {
    TestCerts.server(CA, 1).write(dir.resolve("server.crt"), dir.resolve("server.key"));
    return "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n" + extra;
  }

  private static HttpResponse<String> get(SSLContext ctx, String url, String auth) throws Exception {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (ctx != null) b.sslContext(ctx);
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (auth != null) r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    return b.build().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The suite agreed with a client that offers the JVM's default suites in their default order (AES-GCM first). */
  private static String agreedSuite(int port, String protocol) throws Exception {
    try (SSLSocket s = (SSLSocket) TestCerts.trustingOnly(CA).getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {protocol});
      s.startHandshake();
      return s.getSession().getCipherSuite();
    }
  }

  private static BigInteger servedSerial(SSLContext ctx, int port) throws Exception {
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  @Test
  void tlsWithBasicAuthServesTheRightPasswordAndRefusesTheWrongOneWithAPlain401() throws Exception {
    int port = start(tlsYaml("""
        http_server_config:
          headers:
            X-Content-Type-Options: nosniff
            Strict-Transport-Security: max-age=60
        basic_auth_users:
          prometheus: %s
        """.formatted(HASH)), ServerLimits.standard());
    SSLContext ctx = TestCerts.trustingOnly(CA);
    String url = "https://127.0.0.1:" + port + "/metrics";
    HttpResponse<String> ok = get(ctx, url, "prometheus:s3cret");
    assertEquals(200, ok.statusCode());
    assertEquals("up 1\n", ok.body());
    assertEquals("nosniff", ok.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals("max-age=60", ok.headers().firstValue("Strict-Transport-Security").orElse(null));

    HttpResponse<String> wrong = get(ctx, url, "prometheus:guess");
    assertEquals(401, wrong.statusCode());
    assertEquals("Basic", wrong.headers().firstValue("WWW-Authenticate").orElse(null));
    assertEquals("Unauthorized\n", wrong.body());
    assertEquals("nosniff", wrong.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals(401, get(ctx, "https://127.0.0.1:" + port + "/no-such-page", null).statusCode());
    assertEquals(2, web.metrics().failures());
    var counter = (io.prometheus.metrics.model.snapshots.CounterSnapshot) web.metrics().snapshots().get(0);
    assertEquals("hostkeeper_web_auth_failures", counter.getMetadata().getName());
    java.util.Map<String, Double> byReason = new java.util.TreeMap<>();
    counter.getDataPoints().forEach(d -> byReason.put(d.getLabels().get("reason"), d.getValue()));
    assertEquals(java.util.Map.of("invalid", 1.0, "missing", 1.0), byReason);
  }

  @Test
  void aCertificateSwappedOnDiskIsServedOnTheNextConnectionAndABrokenOneKeepsTheOld() throws Exception {
    int port = start(tlsYaml(""), ServerLimits.standard());
    SSLContext ctx = TestCerts.trustingOnly(CA);
    assertEquals(BigInteger.ONE, servedSerial(ctx, port));

    // renewed the way certbot and friends do it: new files, then moved into place
    TestCerts.server(CA, 2).write(dir.resolve("new.crt"), dir.resolve("new.key"));
    Files.move(dir.resolve("new.key"), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(dir.resolve("new.crt"), dir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals(BigInteger.TWO, servedSerial(ctx, port));

    Files.writeString(dir.resolve("server.crt"), "-----BEGIN CERTIFICATE-----\ntruncated");
    assertEquals(BigInteger.TWO, servedSerial(ctx, port));
    assertEquals(200, get(ctx, "https://127.0.0.1:" + port + "/metrics", null).statusCode());
  }

  @Test
  void requireAndVerifyClientCertLetsACertificateOfTheCaInAndNoneFailsTheHandshake() throws Exception {
    Files.writeString(dir.resolve("ca.crt"), CA.certPem());
    int port = start(tlsYaml("  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"), ServerLimits.standard());
    String url = "https://127.0.0.1:" + port + "/metrics";
    assertEquals(200, get(TestCerts.client(CA, "prometheus").clientContext(CA), url, null).statusCode());
    assertThrows(java.io.IOException.class, () -> get(TestCerts.trustingOnly(CA), url, null));
    TestCerts.Issued otherCa = TestCerts.ca("other CA");
    assertThrows(java.io.IOException.class, () -> get(TestCerts.client(otherCa, "stranger").clientContext(CA), url, null));
  }

  @Test
  void minVersionTls13RefusesATls12Client() throws Exception {
    int port = start(tlsYaml("  min_version: TLS13\n"), ServerLimits.standard());
    SSLContext ctx = TestCerts.trustingOnly(CA);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {"TLSv1.2"});
      assertThrows(SSLException.class, s::startHandshake);
    }
    assertEquals(BigInteger.ONE, servedSerial(ctx, port));
  }

  @Test
  void aChangedUserListOnAPlainPortAppliesToTheNextConnection() throws Exception {
    int port = start("basic_auth_users:\n  alice: " + HASH + "\n", ServerLimits.standard());
    String url = "http://127.0.0.1:" + port + "/metrics";
    assertEquals(200, get(null, url, "alice:s3cret").statusCode());
    Files.writeString(dir.resolve("next.yml"), "basic_auth_users:\n  bob: " + HASH + "\n");
    Files.move(dir.resolve("next.yml"), dir.resolve("web.yml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals(401, get(null, url, "alice:s3cret").statusCode());
    assertEquals(200, get(null, url, "bob:s3cret").statusCode());
  }

  @Test
  void aKeepAliveTlsConnectionOutlivesTheHeaderDeadline() throws Exception {
    ServerLimits limits = new ServerLimits(Duration.ofMillis(400), Duration.ofSeconds(30), 16, 8192);
    int port = start(tlsYaml(""), limits);
    try (SSLSocket s = (SSLSocket) TestCerts.trustingOnly(CA).getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < 2; i++) {
        out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertEquals("HTTP/1.1 200 OK", in.readLine());
        String line;
        int length = 0;
        while (!(line = in.readLine()).isEmpty()) {
          if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        in.skip(length);
        // idle between scrapes for twice the header deadline (idle is not a slow header)
        if (i == 0) Thread.sleep(2 * limits.headerTimeout().toMillis());
      }
    }
  }

  @Test
  void aClientThatNeverStartsTheHandshakeIsClosedAtTheHeaderDeadline() throws Exception {
    ServerLimits limits = new ServerLimits(Duration.ofMillis(400), Duration.ofSeconds(30), 16, 8192);
    int port = start(tlsYaml(""), limits);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      assertEquals(-1, s.getInputStream().read()); // closed by the server, long before the 30 s idle timeout
    }
  }

  @Test
  void withoutAesHardwareChaCha20IsAgreedEvenWithAClientThatOffersAesGcmFirst() throws Exception {
    int port = start(tlsYaml(""), ServerLimits.standard(), false);
    assertEquals("TLS_CHACHA20_POLY1305_SHA256", agreedSuite(port, "TLSv1.3"));
    assertEquals("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", agreedSuite(port, "TLSv1.2"));
    app.stop();
    port = start(tlsYaml(""), ServerLimits.standard(), true);
    assertTrue(agreedSuite(port, "TLSv1.3").startsWith("TLS_AES_"), "the JVM's order");
    assertTrue(agreedSuite(port, "TLSv1.2").contains("_AES_"), "the JVM's order");
  }

  @Test
  void cipherSuitesListedInTheFileKeepTheirOrderWithoutAesHardware() throws Exception {
    int port = start(tlsYaml("""
          cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305]
        """), ServerLimits.standard(), false);
    assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", agreedSuite(port, "TLSv1.2"));
  }

  @Test
  void aReloadThatChangesAUsersHashRefusesThePasswordTheCacheHadAccepted() throws Exception {
    int port = start("basic_auth_users:\n  alice: " + HASH + "\n", ServerLimits.standard());
    String url = "http://127.0.0.1:" + port + "/metrics";
    assertEquals(200, get(null, url, "alice:s3cret").statusCode());
    assertEquals(200, get(null, url, "alice:s3cret").statusCode()); // from the cache now
    String next = BCrypt.hashpw("n3w", BCrypt.gensalt(4));
    Files.writeString(dir.resolve("next.yml"), "basic_auth_users:\n  alice: " + next + "\n");
    Files.move(dir.resolve("next.yml"), dir.resolve("web.yml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals(401, get(null, url, "alice:s3cret").statusCode());
    assertEquals(200, get(null, url, "alice:n3w").statusCode());
    assertEquals(401, get(null, url, "alice:s3cret").statusCode());
  }
}

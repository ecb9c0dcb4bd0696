package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.common.web.TestCerts;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both metrics ports with a web-config file in the Prometheus exporter format, against the real
 * Prometheus (the shipped prometheus.yml with its commented TLS example switched on), the real
 * {@code htpasswd} (the hash) and {@code curl} (TLS versions, headers); certificates from a test CA.
 */
class WebConfigTlsTest {
  private static final TestCerts.Issued CA = TestCerts.ca("hostkeeper test CA");
  private static final String PASSWORD = "scrape-me-please";
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<AutoCloseable> running = new ArrayList<>();
  private PrometheusUnderTest prometheus;

  @AfterEach
  void stop() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  /** What {@code htpasswd -nbBC 10 prometheus PASSWORD} writes, without the user. */
  private String htpasswdHash() {
    Path htpasswd = RealStack.require("apache2-utils", "htpasswd");
    Run.Result r = Run.run(dir, List.of(htpasswd.toString(), "-nbBC", "10", "prometheus", PASSWORD));
    assertTrue(r.ok(), r.output());
    String line = r.output().strip();
    assertTrue(line.startsWith("prometheus:$2y$10$"), line);
    return line.substring("prometheus:".length());
  }

  /**
   * web.yml with the server certificate (serial 1) beside it, TLS 1.2+ and {@code tlsExtra} lines,
   * two headers, then {@code extra}.
   */
  private Path webConfig(String tlsExtra, String extra) throws IOException {
    Path tls = Files.createDirectories(dir.resolve("tls-server"));
    TestCerts.server(CA, 1).write(tls.resolve("server.crt"), tls.resolve("server.key"));
    Files.writeString(tls.resolve("ca.crt"), CA.certPem());
    Path web = tls.resolve("web.yml");
    Files.writeString(web, """
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          min_version: TLS12
        """ + tlsExtra + """
        http_server_config:
          headers:
            X-Frame-Options: deny
            X-Content-Type-Options: nosniff
        """ + extra);
    return web;
  }

  private static String basic(String password) {
    return "Basic " + Base64.getEncoder().encodeToString(("prometheus:" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(SSLContext ctx, String url, String authorization) {
    try {
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
      if (authorization != null) r.header("Authorization", authorization);
      return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(2)).build()
          .send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The shipped example lines of the two hostkeeper jobs, uncommented; without the client certificate unless asked. */
  static String tlsExample(String yml, boolean clientCertificate) {
    String on = yml.replaceAll("(?m)^(    )# ((?:  )?[a-z_]+:.*)$", "$1$2");
    assertNotEquals(yml, on, "prometheus.yml has no commented TLS example to switch on");
    return clientCertificate ? on : on.replaceAll("(?m)^      (cert_file|key_file): tls/prometheus.*\\n", "");
  }

  /** One more scrape job for the exporter at {@code port}. */
  static String extraJob(String name, int port, String settings) {
    return "\n  - job_name: " + name + "\n    scheme: https\n" + settings
        + "    static_configs:\n      - targets: [\"127.0.0.1:" + port + "\"]\n";
  }

  private void awaitUp(String selector, int value) {
    Poll.until(DEADLINE, selector + " == " + value,
        () -> prometheus.query(selector + " == " + value).size() > 0 ? Optional.of(true) : Optional.empty(), prometheus::log);
  }

  private String lastError(String job) {
    JsonNode active = Json.getJson(prometheus.url() + "/api/v1/targets?state=active").path("data").path("activeTargets");
    for (JsonNode t : active) {
      if (job.equals(t.path("labels").path("job").asText())) return t.path("lastError").asText();
    }
    return "";
  }

  private String awaitLastError(String job) {
    return Poll.until(DEADLINE, "an error for job " + job, () -> Optional.of(lastError(job)).filter(e -> !e.isEmpty()),
        prometheus::log);
  }

  @Test
  void prometheusScrapesBothPortsOverTlsWithBasicAuthAndAWrongPasswordIsA401() throws Exception {
    Path web = webConfig("", "basic_auth_users:\n  prometheus: " + htpasswdHash() + "\n");
    int exporterPort = Poll.freePort();
    int workerPort = Poll.freePort();
    int adminPort = Poll.freePort();
    Path token = dir.resolve("admin.token");
    Files.writeString(token, "test-admin-token\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Path config = dir.resolve("hostkeeper.yml");
    Files.writeString(config, """
        exporter:
          listen: 127.0.0.1:%d
          web_config_file: %s
        worker:
          data_dir: %s
          metrics_listen: 127.0.0.1:%d
          admin: {listen: "127.0.0.1:%d", token_file: %s}
        """.formatted(exporterPort, web, dir.resolve("worker-data"), workerPort, adminPort, token));
    SSLContext trusting = TestCerts.trustingOnly(CA);
    String exporterUrl = "https://127.0.0.1:" + exporterPort + "/metrics";
    String workerUrl = "https://127.0.0.1:" + workerPort + "/metrics";
    running.add(HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, config, dir, List.of(),
        () -> get(trusting, exporterUrl, basic(PASSWORD)).statusCode() == 200, exporterUrl));
    // the worker gets the file from the flag node_exporter users know, not from the config
    Path workerConfig = dir.resolve("worker.yml");
    Files.writeString(workerConfig, Files.readString(config).replaceAll("(?m)^  web_config_file: .*\\n", ""));
    ChildProcess worker = HostkeeperProcess.start(HostkeeperProcess.App.WORKER, workerConfig, dir,
        List.of("--web.config.file", web.toString()), () -> get(trusting, workerUrl, basic(PASSWORD)).statusCode() == 200, workerUrl);
    running.add(worker);
    HostkeeperProcess.awaitAdmin(worker, adminPort);
    // the admin API keeps its bearer token (plain HTTP on loopback), unaffected by basic auth
    HttpResponse<String> admin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + adminPort + "/api/jobs")).header("Authorization", "Bearer test-admin-token")
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, admin.statusCode(), admin.body());

    String wrongJob = extraJob("wrong-password", exporterPort,
        "    tls_config: {ca_file: tls/ca.crt}\n    basic_auth: {username: prometheus, password_file: tls/wrong-password}\n");
    prometheus = PrometheusUnderTest.start(dir, PrometheusUnderTest.hostTargets("tls-host", exporterPort, workerPort),
        Poll.freePort(), rules -> rules, yml -> tlsExample(yml, false) + wrongJob, conf -> {
          Path tls = Files.createDirectories(conf.resolve("tls"));
          Files.writeString(tls.resolve("ca.crt"), CA.certPem());
          Files.writeString(tls.resolve("password"), PASSWORD + "\n");
          Files.writeString(tls.resolve("wrong-password"), "guess\n");
        });
    running.add(prometheus);

    awaitUp("up{job=\"hostkeeper-exporter\",instance=\"tls-host\"}", 1);
    awaitUp("up{job=\"hostkeeper-worker\",instance=\"tls-host\"}", 1);
    awaitUp("up{job=\"wrong-password\"}", 0);
    String error = awaitLastError("wrong-password");
    assertTrue(error.contains("401"), error);
    awaitUp("hostkeeper_web_auth_failures_total{job=\"hostkeeper-exporter\",reason=\"invalid\"} > bool 0", 1);
    assertFalse(prometheus.query("hostkeeper_web_auth_failures_total{job=\"hostkeeper-worker\"}").isEmpty());

    curlChecks(exporterPort);
    certificateSwap(exporterPort);
  }

  /** TLS 1.0 and 1.1 refused by the server (the client allows them), 1.2 served with the headers; a wrong password's 401. */
  private void curlChecks(int port) throws IOException {
    Path curl = RealStack.require("curl", "curl");
    Path ca = dir.resolve("tls-server").resolve("ca.crt");
    String url = "https://127.0.0.1:" + port + "/metrics";
    for (String v : List.of("1.0", "1.1")) {
      Run.Result old = Run.run(dir, List.of(curl.toString(), "-sS", "-o", "/dev/null", "--cacert", ca.toString(),
          "--tlsv" + v, "--tls-max", v, "--ciphers", "DEFAULT@SECLEVEL=0", "-u", "prometheus:" + PASSWORD, url));
      assertNotEquals(0, old.exit(), "TLS " + v + " must be refused: " + old.output());
    }
    Run.Result ok = Run.run(dir, List.of(curl.toString(), "-sS", "-o", "/dev/null", "-D", "-", "--cacert", ca.toString(),
        "--tlsv1.2", "--tls-max", "1.2", "-u", "prometheus:" + PASSWORD, url));
    String headers = ok.output().toLowerCase(Locale.ROOT);
    assertTrue(ok.ok() && headers.startsWith("http/1.1 200"), ok.output());
    assertTrue(headers.contains("x-frame-options: deny"), ok.output());
    assertTrue(headers.contains("x-content-type-options: nosniff"), ok.output());
    Run.Result wrong = Run.run(dir, List.of(curl.toString(), "-sS", "-D", "-", "--cacert", ca.toString(),
        "-u", "prometheus:guess", url));
    String refused = wrong.output();
    assertTrue(refused.startsWith("HTTP/1.1 401"), refused);
    assertTrue(refused.toLowerCase(Locale.ROOT).contains("www-authenticate: basic"), refused);
    assertTrue(refused.endsWith("\r\n\r\nUnauthorized\n"), "a plain 401 and nothing more: " + refused);
  }

  /** A renewed certificate moved into place is served from the next connection on; no restart. */
  private void certificateSwap(int port) throws Exception {
    assertEquals(BigInteger.ONE, servedSerial(port));
    Path tls = dir.resolve("tls-server");
    TestCerts.server(CA, 2).write(tls.resolve("new.crt"), tls.resolve("new.key"));
    Files.move(tls.resolve("new.key"), tls.resolve("server.key"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tls.resolve("new.crt"), tls.resolve("server.crt"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertEquals(BigInteger.TWO, servedSerial(port));
  }

  private static BigInteger servedSerial(int port) throws IOException {
    try (SSLSocket s = (SSLSocket) TestCerts.trustingOnly(CA).getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  @Test
  void aClientCertificateOfTheCaGetsInAndNoneFailsTheHandshake() throws Exception {
    Path web = webConfig("  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n", "");
    int exporterPort = Poll.freePort();
    Path config = dir.resolve("hostkeeper.yml");
    Files.writeString(config, "exporter:\n  listen: 127.0.0.1:%d\n  web_config_file: %s\n".formatted(exporterPort, web));
    TestCerts.Issued client = TestCerts.client(CA, "prometheus");
    String url = "https://127.0.0.1:" + exporterPort + "/metrics";
    running.add(HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, config, dir, List.of(),
        () -> get(client.clientContext(CA), url, null).statusCode() == 200, url));

    String noCertJob = extraJob("no-client-certificate", exporterPort, "    tls_config: {ca_file: tls/ca.crt}\n");
    prometheus = PrometheusUnderTest.start(dir, PrometheusUnderTest.exporterTarget("mtls-host", exporterPort),
        Poll.freePort(), rules -> rules,
        yml -> tlsExample(yml, true).replaceAll("(?m)^    basic_auth:\\n(      .*\\n)+", "") + noCertJob, conf -> {
          Path tls = Files.createDirectories(conf.resolve("tls"));
          Files.writeString(tls.resolve("ca.crt"), CA.certPem());
          client.write(tls.resolve("prometheus.crt"), tls.resolve("prometheus.key"));
        });
    running.add(prometheus);

    awaitUp("up{job=\"hostkeeper-exporter\",instance=\"mtls-host\"}", 1);
    awaitUp("up{job=\"no-client-certificate\"}", 0);
    String error = awaitLastError("no-client-certificate");
    assertTrue(error.contains("tls") || error.contains("certificate"), error);
    assertFalse(error.contains("401"), error);
  }

  @Test
  void checkConfigNamesTheWebConfigFileWithPathAndLine() throws Exception {
    Path missingCert = dir.resolve("exporter-web.yml");
    Files.writeString(missingCert, "tls_server_config:\n  cert_file: missing.crt\n  key_file: missing.key\n");
    Path badFile = dir.resolve("worker-web.yml");
    Files.writeString(badFile, """
        basic_auth_users:
          prometheus: not-a-hash
        http_server_config:
          gzip: true
        """);
    Path config = dir.resolve("hostkeeper.yml");
    Files.writeString(config, """
        exporter:
          listen: 127.0.0.1:%d
          web_config_file: %s
        worker:
          data_dir: %s
          web_config_file: %s
        """.formatted(Poll.freePort(), missingCert, dir.resolve("data"), badFile));

    Run.Result exporter = checkConfig(HostkeeperProcess.App.EXPORTER, config);
    assertEquals(1, exporter.exit(), exporter.output());
    assertTrue(exporter.output().contains("exporter.web_config_file: line 3: " + missingCert
        + ": tls_server_config.cert_file: line 2: cannot read " + dir.resolve("missing.crt") + ": no such file"), exporter.output());

    Run.Result worker = checkConfig(HostkeeperProcess.App.WORKER, config);
    assertEquals(1, worker.exit(), worker.output());
    assertTrue(worker.output().contains("worker.web_config_file: line 6: " + badFile
        + ": basic_auth_users.prometheus: line 2: not a bcrypt hash"), worker.output());
    assertTrue(worker.output().contains(badFile + ": http_server_config.gzip: line 4: unknown key"), worker.output());
    assertFalse(worker.output().contains("not-a-hash"), "a hash is never echoed: " + worker.output());
  }

  private Run.Result checkConfig(HostkeeperProcess.App app, Path config) {
    List<String> argv = new ArrayList<>(HostkeeperProcess.command(app));
    argv.addAll(List.of("--config", config.toString(), "check-config"));
    return Run.run(dir, argv);
  }
}

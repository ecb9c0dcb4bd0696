package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.web.TestCerts;
import io.hostkeeper.common.web.WebConfigCheck;
import io.hostkeeper.common.web.WebSecurity;
import io.hostkeeper.exporter.cli.ExporterOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The exporter's port with a web-config file: wiring, the failure counter across a reload, the flag. */
class ExporterWebConfigTest {
  private static final TestCerts.Issued CA = TestCerts.ca("exporter test CA");

  @TempDir Path dir;

  private HttpResponse<String> get(String url, String password) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (password != null) {
      r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("prometheus:" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newBuilder().sslContext(TestCerts.trustingOnly(CA)).build().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsOverTlsCountRefusalsAndKeepTheCounterAcrossAReload() throws Exception {
    TestCerts.server(CA, 5).write(dir.resolve("server.crt"), dir.resolve("server.key"));
    Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config: {cert_file: server.crt, key_file: server.key}\n"
        + "basic_auth_users:\n  prometheus: " + BCrypt.hashpw("pw", BCrypt.gensalt(4)) + "\n");
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), ExporterReloadTest.config("loadavg", "  web_config_file: " + web + "\n"));
    ExporterOptions options = new ExporterOptions();
    LoadedConfig loaded = ConfigLoader.load(Optional.of(file));
    assertEquals(List.of(), ExporterStartup.check(loaded, options));
    ExporterConfig cfg = options.apply(loaded.config().exporter());
    WebSecurity security = WebConfigCheck.open("exporter", "exporter.web_config_file", cfg.webConfigFile());
    ExporterStartup.Extensions ext = ExporterStartup.extensions(loaded.config(), cfg);
    ExporterStartup.Wiring w = ExporterStartup.wire(cfg, ExporterStartup.registry(cfg, ext, security), null, security);
    w.app().start();
    try {
      String url = "https://127.0.0.1:" + w.app().port() + "/metrics";
      assertEquals(401, get(url, "wrong").statusCode());
      HttpResponse<String> ok = get(url, "pw");
      assertEquals(200, ok.statusCode());
      assertTrue(ok.body().contains("hostkeeper_web_auth_failures_total{reason=\"invalid\"} 1"), ok.body());
      assertTrue(ok.body().contains("hostkeeper_load1 "), ok.body());

      Files.writeString(file, ExporterReloadTest.config("meminfo", "  web_config_file: " + web + "\n"));
      assertTrue(new ExporterReload(Optional.of(file), options, loaded, cfg, w).reload());
      String after = get(url, "pw").body();
      assertTrue(after.contains("hostkeeper_memory_total_bytes "), after);
      assertTrue(after.contains("hostkeeper_web_auth_failures_total{reason=\"invalid\"} 1"), after);
    } finally {
      w.app().stop();
      w.engine().close();
      w.history().close();
    }
  }

  @Test
  void withoutBasicAuthThereIsNoFailureFamily() throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), ExporterReloadTest.config("loadavg", ""));
    LoadedConfig loaded = ConfigLoader.load(Optional.of(file));
    ExporterConfig cfg = new ExporterOptions().apply(loaded.config().exporter());
    ExporterStartup.Extensions ext = ExporterStartup.extensions(loaded.config(), cfg);
    assertFalse(ExporterStartup.registry(cfg, ext, null).knownNames().contains("web_auth"));
  }

  @Test
  void theFlagOverridesTheKeyAndItsErrorsNameTheFlag() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yml"), "http_server_config:\n  http2: true\n");
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), ExporterReloadTest.config("loadavg", ""));
    LoadedConfig loaded = ConfigLoader.load(Optional.of(file));
    ExporterOptions options = new ExporterOptions();
    new picocli.CommandLine(options).parseArgs("--web.config.file", bad.toString());
    assertEquals(bad, options.apply(loaded.config().exporter()).webConfigFile());
    List<ConfigError> errors = ExporterStartup.check(loaded, options);
    assertEquals(1, errors.size(), errors.toString());
    assertEquals("--web.config.file: " + bad + ": http_server_config.http2: line 2: HTTP/2 is not implemented by hostkeeper"
        + " (it serves HTTP/1.1, which Prometheus scrapes by default); remove http2 or set it to false", errors.get(0).toString());
  }
}

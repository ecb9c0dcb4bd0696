package io.hostkeeper.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebConfigReaderTest {
  static final String HASH = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG";
  private static final TestCerts.Issued CA = TestCerts.ca("reader CA");

  @TempDir Path dir;

  @BeforeEach
  void certs() throws Exception {
    TestCerts.server(CA, 42).write(dir.resolve("server.crt"), dir.resolve("server.key"));
    Files.writeString(dir.resolve("ca.crt"), CA.certPem());
  }

  private WebConfigReader.Result read(String yaml) throws Exception {
    Path f = dir.resolve("web.yml");
    Files.writeString(f, yaml);
    return WebConfigReader.read(f);
  }

  @Test
  void aNodeExporterFileIsReadWithPathsRelativeToIt() throws Exception {
    WebConfigReader.Result r = read("""
        tls_server_config:
          cert_file: server.crt
          key_file: server.key
          client_auth_type: RequireAndVerifyClientCert
          client_ca_file: ca.crt
          min_version: TLS12
          cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]
        http_server_config:
          http2: false
          headers:
            X-Frame-Options: deny
            Strict-Transport-Security: max-age=31536000
        basic_auth_users:
          prometheus: %s
        """.formatted(HASH));
    assertEquals(List.of(), r.errors());
    WebSettings s = r.settings();
    assertEquals(dir.resolve("server.crt"), s.config().tlsServerConfig().certFile());
    assertEquals("2a", s.tls().serial());
    assertEquals(ClientAuth.REQUIRE_AND_VERIFY_CLIENT_CERT, s.config().tlsServerConfig().clientAuth());
    assertEquals(1, s.tls().clientCas().size());
    assertEquals(Map.of("prometheus", HASH), s.config().basicAuthUsers());
    assertEquals(List.of(), r.warnings());
  }

  @Test
  void withoutTlsKeysThePortStaysPlain() throws Exception {
    WebConfigReader.Result r = read("basic_auth_users:\n  u: " + HASH + "\n");
    assertEquals(List.of(), r.errors());
    assertNull(r.settings().tls());
    assertTrue(!r.settings().config().tls());
  }

  static Stream<Arguments> refusals() {
    String tls = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n";
    return Stream.of(
        Arguments.of("http_server_config:\n  http2: true\n", "http_server_config.http2", 2, "HTTP/2 is not implemented"),
        Arguments.of("http_server_config:\n  gzip: true\n", "http_server_config.gzip", 2, "unknown key"),
        Arguments.of(tls + "  curve_preferences: [X25519]\n", "tls_server_config.curve_preferences", 4, "not implemented"),
        Arguments.of(tls + "  client_allowed_sans: [a]\n", "tls_server_config.client_allowed_sans", 4, "not implemented"),
        Arguments.of("tls_server_config:\n  cert: x\n", "tls_server_config.cert", 2, "inline certificate"),
        Arguments.of("rate_limit:\n  burst: 1\n", "rate_limit", 1, "rate limiting"),
        Arguments.of("basic_auth_users:\n  u: plaintext\n", "basic_auth_users.u", 2, "not a bcrypt hash"),
        Arguments.of("basic_auth_users:\n  u: $2y$99$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG\n",
            "basic_auth_users.u", 2, "not a bcrypt hash"),
        Arguments.of("tls_server_config:\n  cert_file: server.crt\n", "tls_server_config.key_file", 1, "key_file is missing"),
        Arguments.of(tls + "  client_auth_type: Sometimes\n", "tls_server_config.client_auth_type", 4, "RequireAndVerifyClientCert"),
        Arguments.of(tls + "  client_ca_file: ca.crt\n", "tls_server_config.client_ca_file", 4, "without a client_auth_type"),
        Arguments.of(tls + "  client_auth_type: RequireAndVerifyClientCert\n", "tls_server_config.client_auth_type", 4,
            "set client_ca_file"),
        Arguments.of(tls + "  min_version: TLS13\n  max_version: TLS12\n", "tls_server_config.min_version", 4, "above max_version"),
        Arguments.of(tls + "  min_version: SSL3\n", "tls_server_config.min_version", 4, "expected TLS10"),
        Arguments.of(tls + "  cipher_suites: [TLS_MADE_UP_SUITE]\n", "tls_server_config.cipher_suites[0]", 4, "not supported"),
        Arguments.of("http_server_config:\n  headers:\n    Server: x\n", "http_server_config.headers.Server", 3, "cannot be configured"),
        Arguments.of("http_server_config:\n  headers:\n    X-Frame-Options: allow\n", "http_server_config.headers.X-Frame-Options",
            3, "expected one of: deny, sameorigin"),
        Arguments.of("tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n", "tls_server_config.cert_file", 2,
            "missing.crt: no such file"),
        Arguments.of("tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n", "tls_server_config.cert_file", 2,
            "no PEM certificate"),
        Arguments.of("tls_server_config: [a]\n", "tls_server_config", 1, "expected a mapping"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusesWithPathAndLine(String yaml, String path, int line, String fragment) throws Exception {
    WebConfigReader.Result r = read(yaml);
    assertNull(r.settings());
    ConfigError e = r.errors().stream().filter(x -> x.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no error at " + path + ": " + r.errors()));
    assertEquals(line, e.line(), e.toString());
    assertTrue(e.message().contains(fragment), e.toString());
  }

  @Test
  void aKeyFileOthersCanReadIsAWarning() throws Exception {
    Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));
    WebConfigReader.Result r = read("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
    assertNotNull(r.settings());
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    ConfigError w = r.warnings().get(0);
    assertEquals("tls_server_config.key_file", w.path());
    assertEquals(3, w.line());
    assertTrue(w.message().contains("chmod 600"), w.message());
  }

  @Test
  void aHashIsNeverEchoed() throws Exception {
    WebConfigReader.Result r = read("basic_auth_users:\n  u: hunter2\n");
    assertTrue(r.errors().stream().noneMatch(e -> e.toString().contains("hunter2")), r.errors().toString());
  }
}

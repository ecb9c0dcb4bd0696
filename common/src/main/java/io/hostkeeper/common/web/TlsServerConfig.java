package io.hostkeeper.common.web;

import io.hostkeeper.common.config.ConfigViolation;
import io.hostkeeper.common.config.Default;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code tls_server_config:} of a web-config file, with the keys and meanings of the Prometheus
 * exporter toolkit. TLS is on when any of cert_file, key_file, client_ca_file or client_auth_type
 * is given; then cert_file and key_file are both required. Relative paths are relative to the
 * web-config file's directory (resolved by {@link WebConfigReader}).
 */
public record TlsServerConfig(
    Path certFile,
    Path keyFile,
    /** NoClientCert (default), RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert. */
    String clientAuthType,
    Path clientCaFile,
    @Default("TLS12") String minVersion,
    @Default("TLS13") String maxVersion,
    /** For TLS 1.2 and below (TLS 1.3 suites are not configurable, as in Go). Empty: the JVM's defaults. */
    List<String> cipherSuites,
    /** The server's order of cipher_suites wins over the client's. */
    @Default("true") boolean preferServerCipherSuites) {

  public TlsServerConfig {
    cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
    // (the accessors read fields, which a compact constructor assigns only at its end)
    ClientAuth auth = clientAuthType == null ? ClientAuth.NO_CLIENT_CERT : ClientAuth.parse(clientAuthType);
    TlsVersion min = TlsVersion.parse("min_version", minVersion);
    TlsVersion max = TlsVersion.parse("max_version", maxVersion);
    if (min.compareTo(max) > 0) {
      throw new ConfigViolation("min_version", minVersion + " is above max_version " + maxVersion + "; lower min_version or raise max_version");
    }
    if (certFile != null || keyFile != null || clientCaFile != null || clientAuthType != null) {
      if (certFile == null) throw new ConfigViolation("cert_file", "TLS is configured but cert_file is missing; give the certificate (PEM) file");
      if (keyFile == null) throw new ConfigViolation("key_file", "TLS is configured but key_file is missing; give the private key (PEM) file");
    }
    if (clientCaFile != null && auth == ClientAuth.NO_CLIENT_CERT) {
      throw new ConfigViolation("client_ca_file", "client_ca_file is set without a client_auth_type; set client_auth_type:"
          + " RequireAndVerifyClientCert to require client certificates signed by it");
    }
    if (clientCaFile == null && auth.verify()) {
      throw new ConfigViolation("client_auth_type", clientAuthType + " verifies client certificates: set client_ca_file"
          + " to the CA (PEM) that signs them");
    }
    for (int i = 0; i < cipherSuites.size(); i++) {
      if (!CipherSuites.isValidName(cipherSuites.get(i))) {
        throw new ConfigViolation("cipher_suites[" + i + "]", "unknown cipher suite \"" + cipherSuites.get(i)
            + "\"; use a name such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
      }
    }
  }

  /** Whether this section switches TLS on. */
  public boolean enabled() {
    return certFile != null || keyFile != null || clientCaFile != null || clientAuthType != null;
  }

  public ClientAuth clientAuth() {
    return clientAuthType == null ? ClientAuth.NO_CLIENT_CERT : ClientAuth.parse(clientAuthType);
  }

  public TlsVersion min() {
    return TlsVersion.parse("min_version", minVersion);
  }

  public TlsVersion max() {
    return TlsVersion.parse("max_version", maxVersion);
  }

  /** The same settings with relative paths resolved against {@code dir}. */
  TlsServerConfig resolvedAgainst(Path dir) {
    return new TlsServerConfig(resolve(dir, certFile), resolve(dir, keyFile), clientAuthType, resolve(dir, clientCaFile),
        minVersion, maxVersion, cipherSuites, preferServerCipherSuites);
  }

  private static Path resolve(Path dir, Path p) {
    return p == null || p.isAbsolute() || dir == null ? p : dir.resolve(p);
  }
}

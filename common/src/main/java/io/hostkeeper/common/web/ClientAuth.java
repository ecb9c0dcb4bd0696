package io.hostkeeper.common.web;

import io.hostkeeper.common.config.ConfigViolation;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code client_auth_type}: the Go {@code tls.ClientAuthType} names the exporter toolkit accepts,
 * and what each asks of the TLS engine.
 */
public enum ClientAuth {
  NO_CLIENT_CERT("NoClientCert", false, false, false),
  REQUEST_CLIENT_CERT("RequestClientCert", true, false, false),
  REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", false, true, false),
  VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
  REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", false, true, true);

  private final String configName;
  private final boolean want;
  private final boolean need;
  private final boolean verify;

  ClientAuth(String configName, boolean want, boolean need, boolean verify) {
    this.configName = configName;
    this.want = want;
    this.need = need;
    this.verify = verify;
  }

  public String configName() {
    return configName;
  }

  /** Ask for a certificate, and accept a handshake without one. */
  public boolean want() {
    return want;
  }

  /** Refuse a handshake without a certificate. */
  public boolean need() {
    return need;
  }

  /** A certificate given must chain to client_ca_file; false: any certificate is accepted. */
  public boolean verify() {
    return verify;
  }

  /** The toolkit's name; "RequireClientCert" is its older name of RequireAnyClientCert. */
  public static ClientAuth parse(String name) {
    if ("RequireClientCert".equals(name)) return REQUIRE_ANY_CLIENT_CERT;
    for (ClientAuth c : values()) {
      if (c.configName.equals(name)) return c;
    }
    throw new ConfigViolation("client_auth_type", "unknown client_auth_type \"" + name + "\"; expected one of "
        + Arrays.stream(values()).map(ClientAuth::configName).collect(Collectors.joining(", ")));
  }
}

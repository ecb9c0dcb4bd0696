package io.hostkeeper.common.web;

import io.hostkeeper.common.config.ConfigViolation;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A web-config file in the Prometheus exporter web-configuration format (node_exporter's
 * {@code --web.config.file}): TLS, basic auth users with bcrypt hashes, extra response headers.
 * Keys this project does not implement ({@code rate_limit}, {@code curve_preferences},
 * {@code client_allowed_sans}, the inline {@code cert}/{@code key}/{@code client_ca}) are refused
 * by name when binding, never ignored.
 */
public record WebConfigFile(TlsServerConfig tlsServerConfig, HttpServerConfig httpServerConfig,
    Map<String, String> basicAuthUsers) {
  /** {@code $2a$}, {@code $2b$}, {@code $2y$} (htpasswd -B) with a two-digit cost and 53 characters of salt and hash. */
  static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

  public WebConfigFile {
    basicAuthUsers = basicAuthUsers == null ? Map.of() : Map.copyOf(basicAuthUsers);
    for (Map.Entry<String, String> u : basicAuthUsers.entrySet()) {
      if (u.getKey().contains(":")) {
        throw new ConfigViolation("basic_auth_users." + u.getKey(), "a user name cannot contain ':' (basic auth splits there)");
      }
      var m = BCRYPT.matcher(u.getValue());
      int cost = m.matches() ? Integer.parseInt(m.group(1)) : -1;
      if (cost < 4 || cost > 31) {
        throw new ConfigViolation("basic_auth_users." + u.getKey(), "not a bcrypt hash (the value is not shown); make one"
            + " with: htpasswd -nBC 10 \"\" | tr -d ':\\n'");
      }
    }
  }

  /** Whether this file switches TLS on. */
  public boolean tls() {
    return tlsServerConfig.enabled();
  }
}

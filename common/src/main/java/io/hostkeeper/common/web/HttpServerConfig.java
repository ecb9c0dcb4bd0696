package io.hostkeeper.common.web;

import io.hostkeeper.common.config.ConfigViolation;
import java.util.List;
import java.util.Map;

/**
 * {@code http_server_config:} of a web-config file. {@code headers} are added to every response;
 * as in the exporter toolkit, only these five may be set (the others belong to the server), and
 * two of them only to their known values. {@code http2}: this server speaks HTTP/1.1 only, so
 * {@code http2: true} is refused rather than ignored.
 */
public record HttpServerConfig(Boolean http2, Map<String, String> headers) {
  /** Header name → allowed values (empty: any value). */
  static final Map<String, List<String>> SETTABLE = Map.of(
      "Strict-Transport-Security", List.of(),
      "X-Content-Type-Options", List.of("nosniff"),
      "X-Frame-Options", List.of("deny", "sameorigin"),
      "X-XSS-Protection", List.of(),
      "Content-Security-Policy", List.of());

  public HttpServerConfig {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    if (Boolean.TRUE.equals(http2)) {
      throw new ConfigViolation("http2", "HTTP/2 is not implemented by hostkeeper (it serves HTTP/1.1, which Prometheus"
          + " scrapes by default); remove http2 or set it to false");
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      List<String> allowed = SETTABLE.get(h.getKey());
      if (allowed == null) {
        throw new ConfigViolation("headers." + h.getKey(), "header \"" + h.getKey() + "\" cannot be configured; allowed: "
            + String.join(", ", SETTABLE.keySet().stream().sorted().toList()));
      }
      if (!allowed.isEmpty() && !allowed.contains(h.getValue())) {
        throw new ConfigViolation("headers." + h.getKey(), "invalid value \"" + h.getValue() + "\" for " + h.getKey()
            + "; expected one of: " + String.join(", ", allowed));
      }
      if (h.getValue().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new ConfigViolation("headers." + h.getKey(), "the value contains control characters");
      }
    }
  }
}

package io.hostkeeper.common.config;

import java.nio.file.Path;

/** The worker's job admin API. One of token_file / token, or neither (a token is generated). */
public record AdminConfig(
    @Default("127.0.0.1:29102") HostPort listen,
    Path tokenFile,
    /** Only as {@code ${env:NAME}}; never inline in a file that is shared. */
    Secret token) {
  public AdminConfig {
    if (tokenFile != null && token != null) throw new ConfigViolation("give either token_file or token, not both");
  }
}

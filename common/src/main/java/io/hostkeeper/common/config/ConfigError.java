package io.hostkeeper.common.config;

/**
 * One problem with a configuration, located by its YAML path and line.
 *
 * @param path the YAML path such as {@code backups[0].recipients[1]}; empty for the whole document
 *     or the file itself
 * @param line the 1-based line in the file, or -1 when unknown
 * @param message what is wrong and what is allowed
 */
public record ConfigError(String path, int line, String message) {
  public ConfigError {
    path = path == null ? "" : path;
    if (message == null || message.isBlank()) throw new IllegalArgumentException("message must not be empty");
  }

  /** {@code backups[0].recipients[1]: line 14: file not found: /etc/hk/pub.asc}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (!path.isEmpty()) sb.append(path).append(": ");
    if (line > 0) sb.append("line ").append(line).append(": ");
    return sb.append(message).toString();
  }
}

package io.hostkeeper.common.config;

/** logrotate's {@code create}: the new empty log's mode (octal string), owner and group. */
public record CreateConfig(String mode, String owner, String group) {
  public CreateConfig {
    if (mode != null && !mode.matches("0?[0-7]{3}")) throw new ConfigViolation("mode", "must be an octal mode such as \"0640\"");
  }
}

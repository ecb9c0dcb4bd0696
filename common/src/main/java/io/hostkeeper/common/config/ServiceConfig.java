package io.hostkeeper.common.config;

/** One entry of {@code services:}: checked by the exporter, restarted by the worker's watchdog. */
public record ServiceConfig(
    @Required String name,
    @Required ServiceCheck check,
    @Nullable RestartConfig restart) {
  public ServiceConfig {
    if (name != null && !name.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new ConfigViolation("name", "must be 1-64 characters of letters, digits, '_', '.', ':' or '-'");
    }
    if (restart != null && restart.command().isEmpty() && check != null && check.systemd() == null) {
      throw new ConfigViolation("restart", "command is required for the " + check.kind()
          + " check; only a systemd check has a default (systemctl restart UNIT)");
    }
  }
}

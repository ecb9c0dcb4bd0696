package io.hostkeeper.common.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The whole {@code hostkeeper.yml}: both processes read the same file, each its own sections. */
public record HostkeeperConfig(
    ExporterConfig exporter,
    List<ServiceConfig> services,
    WorkerConfig worker,
    List<BackupConfig> backups,
    List<LogConfig> logs,
    List<DatabaseConfig> databases,
    List<CommandConfig> commands,
    List<CleanupConfig> cleanup) {

  /** Without the {@code commands:} and {@code cleanup:} sections. */
  public HostkeeperConfig(ExporterConfig exporter, List<ServiceConfig> services, WorkerConfig worker,
      List<BackupConfig> backups, List<LogConfig> logs, List<DatabaseConfig> databases) {
    this(exporter, services, worker, backups, logs, databases, List.of(), List.of());
  }

  public HostkeeperConfig {
    services = List.copyOf(services);
    backups = List.copyOf(backups);
    logs = List.copyOf(logs);
    databases = List.copyOf(databases);
    commands = List.copyOf(commands);
    cleanup = List.copyOf(cleanup);
    unique(services, ServiceConfig::name, "services");
    unique(backups, BackupConfig::name, "backups");
    unique(logs, LogConfig::name, "logs");
    unique(databases, DatabaseConfig::name, "databases");
    unique(commands, CommandConfig::name, "commands");
    unique(cleanup, CleanupConfig::name, "cleanup");
  }

  /** Names label metrics and jobs, so two items of a section must not share one (absent names are derived later). */
  private static <T> void unique(List<T> items, Function<T, String> name, String section) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String n = name.apply(items.get(i));
      if (n == null) continue;
      Integer first = seen.putIfAbsent(n, i);
      if (first != null) {
        throw new ConfigViolation(section + "[" + i + "].name",
            "name \"" + n + "\" is already used by " + section + "[" + first + "]; names must be unique");
      }
    }
  }
}

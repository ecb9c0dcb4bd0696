package io.hostkeeper.common.config;

import java.util.List;

/** The whole {@code hostkeeper.yml}: both processes read the same file, each its own sections. */
public record HostkeeperConfig(
    ExporterConfig exporter,
    List<ServiceConfig> services,
    WorkerConfig worker,
    List<BackupConfig> backups,
    List<LogConfig> logs,
    List<DatabaseConfig> databases) {

  public HostkeeperConfig {
    services = List.copyOf(services);
    backups = List.copyOf(backups);
    logs = List.copyOf(logs);
    databases = List.copyOf(databases);
  }
}

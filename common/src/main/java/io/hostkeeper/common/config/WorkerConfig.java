package io.hostkeeper.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/** The {@code worker:} section. */
public record WorkerConfig(
    /** Absent: {@code $STATE_DIRECTORY} when systemd sets it, else {@code ~/.local/state/hostkeeper}. */
    Path dataDir,
    @Default("0.0.0.0:29101") HostPort metricsListen,
    AdminConfig admin,
    @Default("90d") Duration historyRetention,
    /** Time zone for schedules that set none; absent means the system zone. */
    ZoneId timeZone,
    /**
     * TLS, basic auth and response headers of the metrics port, in the Prometheus exporter
     * web-configuration format; absent: plain HTTP. The admin port keeps its bearer token.
     */
    Path webConfigFile) {

  /** Without a web-config file. */
  public WorkerConfig(Path dataDir, HostPort metricsListen, AdminConfig admin, Duration historyRetention, ZoneId timeZone) {
    this(dataDir, metricsListen, admin, historyRetention, timeZone, null);
  }

  /** This section with another web-config file (the {@code --web.config.file} flag). */
  public WorkerConfig withWebConfigFile(Path file) {
    return new WorkerConfig(dataDir, metricsListen, admin, historyRetention, timeZone, file);
  }
}

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
    ZoneId timeZone) {}

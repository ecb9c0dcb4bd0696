package io.hostkeeper.exporter.collector.service;

/**
 * The last known state of one configured service, for {@code /api/status}. Plain fields only, so
 * Jackson serialises it without extra modules; absent values are {@code null}.
 *
 * @param service the configured name
 * @param check the check kind (http, tcp, systemd, process, dns, command)
 * @param up whether the last check found it up
 * @param reason why it is down, "" when up
 * @param durationSeconds how long the last check took (or was waited for)
 * @param checkedAt when the last check finished, ISO-8601 UTC ({@code 2026-11-21T05:00:00.123Z})
 * @param httpStatus the HTTP status of the last http check, null when none was received
 * @param unit for systemd checks whose unit was read: its states; null otherwise
 */
public record ServiceStatus(String service, String check, boolean up, String reason, double durationSeconds, String checkedAt,
    Integer httpStatus, UnitState unit) {

  /**
   * A systemd unit as the status API shows it.
   *
   * @param restarts NRestarts, null for unit types without it
   */
  public record UnitState(String id, String loadState, String activeState, String subState, Long restarts) {}
}

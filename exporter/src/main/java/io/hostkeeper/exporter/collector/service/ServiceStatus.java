package io.hostkeeper.exporter.collector.service;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The last known state of one configured service, for {@code /api/status} (serialisable as JSON
 * by Jackson: records with plain fields).
 *
 * @param service the configured name
 * @param check the check kind (http, tcp, systemd, process, dns, command)
 * @param up whether the last check found it up
 * @param reason why it is down, "" when up
 * @param durationSeconds how long the last check took (or was waited for)
 * @param checkedAt when the last check finished
 * @param httpStatus the HTTP status of the last http check, when one was received
 * @param unit for systemd checks read successfully: the unit's states
 */
public record ServiceStatus(String service, String check, boolean up, String reason, double durationSeconds, Instant checkedAt,
    OptionalInt httpStatus, Optional<UnitState> unit) {

  /** A systemd unit as the status API shows it. */
  public record UnitState(String id, String loadState, String activeState, String subState, Long restarts) {}
}

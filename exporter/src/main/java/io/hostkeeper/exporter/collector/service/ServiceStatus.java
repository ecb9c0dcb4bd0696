package io.hostkeeper.exporter.collector.service;

import io.hostkeeper.common.probe.UnitStatus;

/**
 * The state of one configured service as of its latest check, for {@code /api/status} and the
 * status page. Absent values are {@code null}.
 *
 * @param service the configured name
 * @param check the check kind (http, tcp, systemd, process, dns, command)
 * @param up whether the latest check found it up (false while stale or not yet checked)
 * @param reason why it is down, "" when up
 * @param durationSeconds how long the latest check took, null when there is none or it is stale
 * @param checkedAt when the latest check finished, ISO-8601 UTC ({@code 2026-11-21T05:00:00.123Z});
 *     null before the first
 * @param ageSeconds how long ago that was, null before the first check
 * @param stale whether the latest result is too old to count (the service is then reported down)
 * @param httpStatus the HTTP status of the latest http check, null when none was received
 * @param unit for systemd checks whose unit was read: the unit as {@code systemctl show} reported it;
 *     null otherwise
 */
public record ServiceStatus(String service, String check, boolean up, String reason, Double durationSeconds,
    String checkedAt, Double ageSeconds, boolean stale, Integer httpStatus, UnitStatus unit) {

  /** The reason of a service whose first check has not finished yet. */
  public static final String NOT_CHECKED_YET = "not checked yet";

  /** Whether no check has finished yet and it is not overdue: neither up nor down. */
  public boolean pending() {
    return checkedAt == null && !stale;
  }
}

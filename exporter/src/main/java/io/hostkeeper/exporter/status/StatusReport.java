package io.hostkeeper.exporter.status;

import java.util.List;

/**
 * The body of {@code /api/status}.
 *
 * @param status the worst level among the checks ({@code unknown} ones do not count)
 * @param time when it was computed, RFC 3339
 */
public record StatusReport(Level status, String time, List<StatusCheck> checks) {}

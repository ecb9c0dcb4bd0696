package io.hostkeeper.exporter.status;

import java.util.List;

/**
 * Adds checks to {@code /api/status} (the host checks, and the services once registered). Called
 * once per request; may do I/O but should answer quickly. An exception is reported as an
 * {@code unknown} check named after the contributor, never as a failed request.
 */
public interface StatusContributor {

  /** Short name, used for the {@code unknown} check if {@link #checks} throws. */
  String name();

  List<StatusCheck> checks() throws Exception;
}

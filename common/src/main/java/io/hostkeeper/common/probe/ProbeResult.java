package io.hostkeeper.common.probe;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The outcome of one check.
 *
 * @param up whether the service counts as up
 * @param duration how long the check took
 * @param reason why it is down (for logs and the status API, never a metric label); empty when up
 * @param httpStatus the HTTP status received, for http checks that got one
 */
public record ProbeResult(boolean up, Duration duration, String reason, OptionalInt httpStatus) {

  public static ProbeResult up(Duration duration) {
    return new ProbeResult(true, duration, "", OptionalInt.empty());
  }

  public static ProbeResult down(Duration duration, String reason) {
    return new ProbeResult(false, duration, reason, OptionalInt.empty());
  }
}

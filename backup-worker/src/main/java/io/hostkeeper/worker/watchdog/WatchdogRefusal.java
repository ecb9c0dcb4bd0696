package io.hostkeeper.worker.watchdog;

/** A request the watchdog's gate turned down (answered 409 by the admin API). */
public final class WatchdogRefusal extends RuntimeException {
  public WatchdogRefusal(String message) {
    super(message, null, false, false);
  }
}

package io.hostkeeper.worker;

/**
 * The worker cannot start because of something the user can fix (port in use, data directory not
 * writable, token file unreadable). The message is one line naming what and where; the CLI prints
 * it without a stack trace and exits with code 2.
 */
public final class WorkerStartException extends Exception {
  public WorkerStartException(String message) {
    super(message, null, false, false);
  }
}

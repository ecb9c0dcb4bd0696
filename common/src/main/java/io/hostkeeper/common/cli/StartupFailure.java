package io.hostkeeper.common.cli;

/**
 * Start-up cannot go on because of something the user can fix (port in use, unreadable config,
 * data directory not writable). {@link Cli} prints {@link #getMessage()} as one line, without a
 * stack trace, and exits with code 2. The message says what is wrong and where.
 */
public final class StartupFailure extends RuntimeException {
  public StartupFailure(String message) {
    super(message, null, false, false);
  }

  /** @param cause kept for debugging (logged at debug level by callers that want it), never printed by {@link Cli} */
  public StartupFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}

package io.hostkeeper.exporter.cli;

/** A problem the user can fix (bad config, port in use): printed as one line, exit code 2, no stack trace. */
public final class StartupFailure extends RuntimeException {
  public StartupFailure(String message) {
    super(message, null, false, false);
  }
}

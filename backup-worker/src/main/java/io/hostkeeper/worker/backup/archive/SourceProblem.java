package io.hostkeeper.worker.backup.archive;

import java.io.IOException;

/** A source cannot be archived for a reason the user can fix (missing path, unreadable file). */
public final class SourceProblem extends IOException {
  public SourceProblem(String message) {
    super(message);
  }

  public SourceProblem(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.hostkeeper.worker.backup.copy;

import java.io.IOException;
import java.util.Locale;

/** A copy that could not be made, with the reason used as the failures metric's label. */
public final class CopyFailure extends IOException {

  /** Why a copy failed; the lower-case name is the {@code reason} label. */
  public enum Reason {
    UNREACHABLE, AUTH, HOST_KEY, NO_SPACE, PERMISSION, IO, VERIFY;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;

  public CopyFailure(Reason reason, String message) {
    this(reason, message, null);
  }

  public CopyFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

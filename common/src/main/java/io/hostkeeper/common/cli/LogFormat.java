package io.hostkeeper.common.cli;

/** How log events are written: one readable line each, or one JSON object per line. */
public enum LogFormat {
  TEXT,
  JSON;

  /** Lower case, as written on the command line and shown in help and error messages. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package io.hostkeeper.exporter.status;

import java.util.List;

/**
 * {@code /api/status?fail_on=LEVEL}: the level from which the answer is {@code 503} instead of
 * {@code 200}, for uptime checkers that look only at the HTTP code. Without the parameter the answer
 * is always {@code 200} (the body says the level). Pure.
 */
public enum FailOn {
  /** No {@code fail_on}: always 200. */
  NEVER,
  /** 503 on warning or critical. */
  WARNING,
  /** 503 on critical. */
  CRITICAL;

  /**
   * The choice for the query parameter's values (none, or one of {@code warning}, {@code critical}).
   *
   * @throws IllegalArgumentException with a message for the caller when the value is not one of those
   */
  public static FailOn parse(List<String> values) {
    if (values.isEmpty()) return NEVER;
    if (values.size() > 1) throw new IllegalArgumentException("give fail_on once, as warning or critical");
    return switch (values.get(0)) {
      case "warning" -> WARNING;
      case "critical" -> CRITICAL;
      default -> throw new IllegalArgumentException("fail_on must be warning or critical, got \""
          + printable(values.get(0)) + "\"");
    };
  }

  /** The HTTP status for an overall {@code level}. */
  public int httpStatus(Level level) {
    boolean fail = switch (this) {
      case NEVER -> false;
      case WARNING -> level == Level.WARNING || level == Level.CRITICAL;
      case CRITICAL -> level == Level.CRITICAL;
    };
    return fail ? 503 : 200;
  }

  /** The value as given, cut to 40 characters and without control characters, to quote it back. */
  private static String printable(String v) {
    String s = v.length() > 40 ? v.substring(0, 40) + "…" : v;
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}

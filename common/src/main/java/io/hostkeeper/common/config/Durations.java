package io.hostkeeper.common.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d},
 * {@code 1h30m}, {@code 0s}. Each part is a whole number, at most one space, and a unit symbol
 * ({@code 10s} or {@code 10 s}), as in {@link ByteSize}; long unit names ({@code 10 seconds}) are
 * refused there too, here with the symbol to write instead.
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+ ?(?:ms|s|m|h|d))+|0");
  private static final Pattern PART = Pattern.compile("(\\d+) ?(ms|s|m|h|d)");
  /** A long unit name, for the hint: {@code 10 seconds} → {@code 10s}. */
  private static final Pattern LONG = Pattern.compile("(\\d+)\\s*(milliseconds?|millis|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)",
      Pattern.CASE_INSENSITIVE);
  static final String EXPECTED = "expected a duration such as 90s, 15m or 2h";

  private Durations() {}

  /** @throws IllegalArgumentException saying what is allowed */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.length() > 64 || !WHOLE.matcher(s).matches()) {
      throw new IllegalArgumentException(EXPECTED + ", got " + Texts.quote(text) + hint(s));
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(s);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        Duration part = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofSeconds(Math.multiplyExact(n, 60L));
          case "h" -> Duration.ofSeconds(Math.multiplyExact(n, 3600L));
          default -> Duration.ofSeconds(Math.multiplyExact(n, 86400L));
        };
        total = total.plus(part);
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration too large: " + Texts.quote(text));
    }
    if (total.getSeconds() > 100L * 365 * 86400) {
      throw new IllegalArgumentException("duration too large (more than 100 years): " + Texts.quote(text));
    }
    return total;
  }

  /** For {@code 10 seconds}: {@code ; write 10s (units: ms, s, m, h, d)}; empty when no long unit name is seen. */
  private static String hint(String s) {
    Matcher m = LONG.matcher(s);
    if (!m.matches()) return "";
    String unit = m.group(2).toLowerCase(java.util.Locale.ROOT);
    String n = m.group(1);
    String symbol;
    if (unit.startsWith("mil")) symbol = n + "ms";
    else if (unit.startsWith("s")) symbol = n + "s";
    else if (unit.startsWith("mi")) symbol = n + "m";
    else if (unit.startsWith("h")) symbol = n + "h";
    else if (unit.startsWith("d")) symbol = n + "d";
    else if (n.length() <= 12) symbol = (Long.parseLong(n) * 7) + "d";
    else return "";
    return "; unit names are written as symbols: " + symbol + " (ms, s, m, h, d)";
  }

  /** The shortest form that {@link #parse} reads back, e.g. {@code 1h30m}, {@code 500ms}, {@code 0s}. */
  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    if (d.isNegative()) throw new IllegalArgumentException("negative duration");
    StringBuilder sb = new StringBuilder();
    long secs = d.getSeconds();
    long[] sizes = {86400, 3600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (secs >= sizes[i]) {
        sb.append(secs / sizes[i]).append(units[i]);
        secs %= sizes[i];
      }
    }
    long millis = d.getNano() / 1_000_000L;
    if (millis > 0) sb.append(millis).append("ms");
    return sb.toString();
  }
}

package io.hostkeeper.common.web;

import java.time.Duration;
import java.util.Locale;

/** How the page writes numbers: rounded for people (the JSON APIs keep full precision). */
public final class Format {
  private Format() {}

  public static String percent(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f %%", v);
  }

  public static String celsius(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f °C", v);
  }

  public static String number(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  public static String millis(double seconds) {
    if (Double.isNaN(seconds)) return "–";
    return seconds < 1 ? String.format(Locale.ROOT, "%.0f ms", seconds * 1000) : String.format(Locale.ROOT, "%.1f s", seconds);
  }

  /** 1536 → "1.5 KiB". */
  public static String bytes(long n) {
    return n < 0 ? "–" : binary(n, "");
  }

  /** 1536 → "1.5 KiB/s". */
  public static String rate(double bytesPerSecond) {
    return Double.isNaN(bytesPerSecond) ? "–" : binary(bytesPerSecond, "/s");
  }

  private static String binary(double v, String suffix) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s%s" : "%.1f %s%s", v, units[u], suffix);
  }

  /** "3d 4h", "2h 5m", "7m", "42s". */
  public static String uptime(Duration d) {
    if (d == null || d.isNegative()) return "–";
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) return days + "d " + hours + "h";
    if (hours > 0) return hours + "h " + minutes + "m";
    if (minutes > 0) return minutes + "m";
    return d.toSecondsPart() + "s";
  }
}

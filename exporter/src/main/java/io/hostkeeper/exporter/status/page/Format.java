package io.hostkeeper.exporter.status.page;

import java.time.Duration;
import java.util.Locale;

/** How the page writes numbers: rounded for people (the JSON APIs keep full precision). */
final class Format {
  private Format() {}

  static String percent(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f %%", v);
  }

  static String celsius(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f °C", v);
  }

  static String number(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String millis(double seconds) {
    if (Double.isNaN(seconds)) return "–";
    return seconds < 1 ? String.format(Locale.ROOT, "%.0f ms", seconds * 1000) : String.format(Locale.ROOT, "%.1f s", seconds);
  }

  /** 1536 → "1.5 KiB/s". */
  static String rate(double bytesPerSecond) {
    if (Double.isNaN(bytesPerSecond)) return "–";
    String[] units = {"B/s", "KiB/s", "MiB/s", "GiB/s"};
    double v = bytesPerSecond;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  }

  /** "3d 4h", "2h 5m", "7m". */
  static String uptime(Duration d) {
    if (d == null || d.isNegative()) return "–";
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) return days + "d " + hours + "h";
    if (hours > 0) return hours + "h " + minutes + "m";
    return minutes + "m";
  }
}

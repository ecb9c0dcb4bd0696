package io.hostkeeper.common.config;

/** HTTP status codes accepted as up: {@code "200"}, {@code "200-299"} or {@code "2xx"}. */
public record StatusRange(int min, int max) {
  public StatusRange {
    if (min < 100 || max > 599 || min > max) throw new IllegalArgumentException("status range must lie within 100-599, got " + min + "-" + max);
  }

  public static StatusRange parse(String text) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.matches("[1-5]xx")) {
        int h = (s.charAt(0) - '0') * 100;
        return new StatusRange(h, h + 99);
      }
      int dash = s.indexOf('-');
      if (dash < 0) {
        int v = Integer.parseInt(s);
        return new StatusRange(v, v);
      }
      return new StatusRange(Integer.parseInt(s.substring(0, dash).trim()), Integer.parseInt(s.substring(dash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a status such as 200, 200-299 or 2xx, got \"" + text + "\"");
    }
  }

  public boolean contains(int status) {
    return status >= min && status <= max;
  }
}

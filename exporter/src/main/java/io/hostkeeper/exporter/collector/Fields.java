package io.hostkeeper.exporter.collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Whitespace splitting without regular expressions ({@code String.split("\\s+")} compiles a pattern
 * on every call, which dominated the cost of parsing /proc per scrape).
 */
public final class Fields {
  private Fields() {}

  /** The fields of {@code s} separated by runs of spaces or tabs (leading/trailing whitespace ignored). */
  public static String[] split(String s) {
    List<String> out = new ArrayList<>(16);
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(s.charAt(i))) i++;
      int start = i;
      while (i < n && !isSpace(s.charAt(i))) i++;
      if (i > start) out.add(s.substring(start, i));
    }
    return out.toArray(new String[0]);
  }

  /** The lines of {@code s} (split on newline; a trailing newline gives no empty last line). */
  public static String[] lines(String s) {
    return s.split("\n");
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }
}

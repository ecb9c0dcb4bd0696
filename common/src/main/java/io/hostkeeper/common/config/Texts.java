package io.hostkeeper.common.config;

/** Small helpers for error messages. */
final class Texts {
  private static final int MAX_SHOWN = 60;

  private Texts() {}

  /** The user's text in double quotes, shortened and with control characters escaped, safe for one log line. */
  static String quote(String text) {
    if (text == null) return "nothing";
    StringBuilder sb = new StringBuilder("\"");
    int shown = 0;
    for (int i = 0; i < text.length() && shown < MAX_SHOWN; i++, shown++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c == '\n') sb.append("\\n");
      else if (c == '\t') sb.append("\\t");
      else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    if (text.length() > MAX_SHOWN) sb.append("…\" (").append(text.length()).append(" characters)");
    else sb.append('"');
    return sb.toString();
  }
}

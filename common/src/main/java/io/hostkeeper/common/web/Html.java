package io.hostkeeper.common.web;

/** HTML for the status pages: escaping for text and attribute values (everything from config or the host goes through here). */
public final class Html {
  private Html() {}

  /** For every status page response: only the page's own files, no inline script or style, no other origin, no framing. */
  public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  public static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') b.append('\uFFFD');
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}

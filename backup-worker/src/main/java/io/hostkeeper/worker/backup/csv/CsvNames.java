package io.hostkeeper.worker.backup.csv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Archive member names of the CSV exports, under {@code <database member>.csv/}: a table as
 * {@code <encoded table name>.csv}, a query as {@code queries/<query name>.csv}. Table names come
 * from the database and are hostile: every character but ASCII letters and digits, '_', '-', and
 * non-ASCII letters and digits is percent-encoded as its UTF-8 bytes ({@code %2F} for '/',
 * {@code %2E} for '.', {@code %00} for NUL), so a name is always one plain path segment, never
 * {@code .} or {@code ..}, never hidden, and two tables never share a file. The empty name is
 * {@code %}. A name whose encoding is longer than {@value #MAX_ENCODED} bytes is cut and ends in
 * {@code ~} and 16 hex digits of its SHA-256, within file-name limits. Pure.
 */
public final class CsvNames {
  static final int MAX_ENCODED = 200;
  private static final int KEEP_WHEN_CUT = 160;

  private CsvNames() {}

  /** The directory member beside a database member. */
  public static String directory(String databaseMember) {
    return databaseMember + ".csv/";
  }

  public static String table(String databaseMember, String table) {
    return directory(databaseMember) + encode(table) + ".csv";
  }

  /** Query names are checked by the config (1-64 of [A-Za-z0-9_-]). */
  public static String query(String databaseMember, String queryName) {
    return queriesDirectory(databaseMember) + queryName + ".csv";
  }

  public static String queriesDirectory(String databaseMember) {
    return directory(databaseMember) + "queries/";
  }

  /** One safe path segment for any table name. */
  static String encode(String name) {
    if (name.isEmpty()) return "%";
    StringBuilder sb = new StringBuilder();
    name.codePoints().forEach(cp -> {
      boolean plain = cp < 0x80 ? (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
          || cp == '_' || cp == '-' : Character.isLetterOrDigit(cp);
      if (plain) {
        sb.appendCodePoint(cp);
      } else {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          sb.append('%').append(String.format("%02X", b & 0xff));
        }
      }
    });
    String s = sb.toString();
    if (s.getBytes(StandardCharsets.UTF_8).length <= MAX_ENCODED) return s;
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int len = s.charAt(i) == '%' ? 3 : Character.charCount(s.codePointAt(i));
      String piece = s.substring(i, i + len);
      int pb = piece.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + pb > KEEP_WHEN_CUT) break;
      cut.append(piece);
      bytes += pb;
      i += len;
    }
    return cut + "~" + HexFormat.of().formatHex(sha256(name)).substring(0, 16);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.hostkeeper.worker.backup.csv;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 4180 CSV, one row at a time (nothing is kept): UTF-8 without a byte-order mark, CRLF
 * after every row, fields separated by commas, a field quoted when it holds a comma, a double
 * quote, CR or LF (quotes inside doubled). SQL values: NULL is an empty field; an empty text is
 * a quoted empty field ({@code ""}), so the two stay apart; integers and reals in their shortest
 * decimal form; a BLOB is {@code \x} followed by its bytes in lower-case hex (as PostgreSQL writes
 * bytea), which no spreadsheet mistakes for a number and any tool can decode.
 */
public final class CsvRowWriter implements AutoCloseable {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Writer out;
  private boolean rowStarted;

  public CsvRowWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Appends one SQL value (null, String, byte[], or a Number) as the next field of the row. */
  public void value(Object v) throws IOException {
    if (rowStarted) out.write(',');
    rowStarted = true;
    if (v == null) return;
    if (v instanceof byte[] b) {
      out.write("\\x");
      for (byte x : b) {
        out.write(HEX[(x >> 4) & 0xf]);
        out.write(HEX[x & 0xf]);
      }
    } else if (v instanceof String s) {
      text(s);
    } else {
      text(v.toString());
    }
  }

  /** Ends the row with CRLF. */
  public void endRow() throws IOException {
    out.write("\r\n");
    rowStarted = false;
  }

  private void text(String s) throws IOException {
    if (!s.isEmpty() && !needsQuotes(s)) {
      out.write(s);
      return;
    }
    out.write('"');
    int from = 0;
    for (int i = s.indexOf('"'); i >= 0; i = s.indexOf('"', from)) {
      out.write(s, from, i + 1 - from);
      out.write('"');
      from = i + 1;
    }
    out.write(s, from, s.length() - from);
    out.write('"');
  }

  static boolean needsQuotes(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
    }
    return false;
  }

  /** Flushes and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    out.close();
  }
}

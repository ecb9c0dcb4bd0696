package io.hostkeeper.common.config;

import java.util.Locale;

/**
 * Checks that an SQL text is one read-only query: a single {@code SELECT}, {@code WITH ... SELECT}
 * or {@code VALUES} statement (comments and one trailing {@code ;} allowed). Pure; it looks at
 * words outside quotes, comments and parentheses and does not parse SQL fully, so it is a first
 * line only: what guarantees that an export never writes is the read-only connection it runs on.
 */
public final class SelectOnly {
  private SelectOnly() {}

  /** Null when {@code sql} passes, else what is wrong (one line, without the SQL text). */
  public static String problem(String sql) {
    if (sql == null || sql.isBlank()) return "the query is empty; give one SELECT statement";
    Scanner s = new Scanner(sql);
    String first = null;
    int depth = 0;
    String previous = null;
    while (true) {
      String problem = s.skipSpaceAndComments();
      if (problem != null) return problem;
      if (s.atEnd()) break;
      char c = s.peek();
      if (c == ';') {
        s.pos++;
        problem = s.skipSpaceAndComments();
        if (problem != null) return problem;
        if (!s.atEnd()) return "holds more than one statement; give one SELECT statement (no ';' between statements)";
        break;
      }
      if (c == '\'' || c == '"' || c == '`' || c == '[') {
        problem = s.skipQuoted();
        if (problem != null) return problem;
        previous = null;
        continue;
      }
      if (c == '(') depth++;
      if (c == ')') depth = Math.max(0, depth - 1);
      if (Character.isLetter(c) || c == '_') {
        String word = s.word().toUpperCase(Locale.ROOT);
        if (first == null) {
          first = word;
          if (!word.equals("SELECT") && !word.equals("WITH") && !word.equals("VALUES")) {
            return "must be a SELECT (or WITH ... SELECT) statement, not " + word + "; an export only reads";
          }
        } else if (depth == 0 && (word.equals("INSERT") || word.equals("UPDATE") || word.equals("DELETE")
            || (word.equals("INTO") && "REPLACE".equals(previous)))) {
          String what = word.equals("INTO") ? "REPLACE" : word;
          return "must be a SELECT (or WITH ... SELECT) statement, not a WITH ... " + what + "; an export only reads";
        }
        previous = word;
        continue;
      }
      if (first == null) return "must start with SELECT or WITH; an export only reads";
      previous = null;
      s.pos++;
    }
    return first == null ? "the query is empty; give one SELECT statement" : null;
  }

  private static final class Scanner {
    final String sql;
    int pos;

    Scanner(String sql) {
      this.sql = sql;
    }

    boolean atEnd() {
      return pos >= sql.length();
    }

    char peek() {
      return sql.charAt(pos);
    }

    String skipSpaceAndComments() {
      while (!atEnd()) {
        char c = peek();
        if (Character.isWhitespace(c)) {
          pos++;
        } else if (sql.startsWith("--", pos)) {
          int nl = sql.indexOf('\n', pos);
          pos = nl < 0 ? sql.length() : nl + 1;
        } else if (sql.startsWith("/*", pos)) {
          int end = sql.indexOf("*/", pos + 2);
          if (end < 0) return "has a /* comment that is never closed";
          pos = end + 2;
        } else {
          return null;
        }
      }
      return null;
    }

    /** Skips a '…' string or a "…", `…` or […] identifier ('' "" `` escape their own quote). */
    String skipQuoted() {
      char open = peek();
      char close = open == '[' ? ']' : open;
      int i = pos + 1;
      while (i < sql.length()) {
        if (sql.charAt(i) == close) {
          if (close != ']' && i + 1 < sql.length() && sql.charAt(i + 1) == close) {
            i += 2;
            continue;
          }
          pos = i + 1;
          return null;
        }
        i++;
      }
      return "has a " + open + " quote that is never closed";
    }

    String word() {
      int start = pos;
      while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '$')) pos++;
      return sql.substring(start, pos);
    }
  }
}

package io.hostkeeper.worker.admin;

/**
 * Validates a job name taken from a request path before it is used or echoed: very long names
 * and control characters are a 400; path separators and dot segments can never name a job, so
 * they are a 404 like any other unknown name (the message quotes the name safely).
 */
final class JobNames {
  static final int MAX_LENGTH = 200;

  private JobNames() {}

  static String check(String raw) {
    if (raw == null || raw.isEmpty()) throw ApiError.badRequest("job name is empty");
    if (raw.length() > MAX_LENGTH) {
      throw ApiError.badRequest("job name is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw ApiError.badRequest("job name contains a control character");
      }
    }
    return raw;
  }

  /** For messages: the name with anything but printable ASCII replaced. */
  static String quote(String name) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < name.length() && i < MAX_LENGTH; i++) {
      char c = name.charAt(i);
      b.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
    }
    return b.append('"').toString();
  }
}

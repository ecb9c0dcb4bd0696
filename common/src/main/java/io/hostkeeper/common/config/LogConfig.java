package io.hostkeeper.common.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** One entry of {@code logs:}, with the directives people know from logrotate. */
public record LogConfig(
    /** A file or a glob such as {@code /var/log/app/*.log}. */
    @Required String path,
    /** Label value for metrics and job name; absent means derived from the path. */
    String name,
    @Default("@daily") Schedule schedule,
    /** Rotate at any run when larger than this; alone, the schedule only says when to look (logrotate's size). */
    ByteSize size,
    /** A rotation due by the schedule waits until the log is at least this large. */
    ByteSize minSize,
    /** Delete rotated files older than this. */
    java.time.Duration maxAge,
    @Default("7") int keep,
    @Default("true") boolean compress,
    @Default("gzip") Codec compression,
    @Default("false") boolean delayCompress,
    @Default("rename") Mode mode,
    /** rename mode: create the new empty log (absent: the application creates it; {@code {}}: same mode/owner/group as the rotated file). */
    @Nullable CreateConfig create,
    @Default("false") boolean dateExt,
    /** java.time pattern for date_ext; must sort in time order. */
    @Default("yyyyMMdd-HHmmss") String dateFormat,
    @Default("false") boolean missingOk,
    @Default("false") boolean notIfEmpty,
    /** argv run after rotating (never a shell), e.g. a signal or a reopen endpoint. */
    List<String> postRotate,
    @Default("60s") Duration postRotateTimeout,
    ZoneId timeZone,
    @Default("true") boolean catchUp,
    /** Do the file work with this user's rights (logrotate's su); allows a log directory that user owns. */
    @Nullable RunAsConfig runAs) implements ScheduledConfig {

  public enum Mode { RENAME, COPYTRUNCATE }

  public enum Codec { GZIP, ZSTD }

  public LogConfig {
    postRotate = List.copyOf(postRotate);
    if (keep < 0) throw new ConfigViolation("keep", "must not be negative");
    if (path != null && path.isBlank()) throw new ConfigViolation("path", "must not be empty");
    if (path != null && hasGlob(parentOf(path))) {
      throw new ConfigViolation("path", "a glob is only allowed in the file name, not in the directories: " + path);
    }
    if (create != null && mode == Mode.COPYTRUNCATE) {
      throw new ConfigViolation("create", "copytruncate keeps the live file, so create does not apply; remove one of them");
    }
    if (postRotateTimeout != null && (postRotateTimeout.isNegative() || postRotateTimeout.isZero())) {
      throw new ConfigViolation("post_rotate_timeout", "must be positive");
    }
    String dateProblem = dateFormat == null ? null : sortableDateFormatProblem(dateFormat);
    if (dateProblem != null) throw new ConfigViolation("date_format", dateProblem);
  }

  private static boolean hasGlob(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0 || text.indexOf('{') >= 0;
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /**
   * Null when {@code pattern} formats instants so that names sort in time order: only the fields
   * yyyy (or uuuu), MM, dd, HH, mm, ss, S..., each zero-padded, starting at the year and in
   * decreasing significance without gaps, separated by {@code - _ .} only. Otherwise a message.
   */
  public static String sortableDateFormatProblem(String pattern) {
    String order = "yMdHmsS";
    int next = 0;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      int run = 1;
      while (i + run < pattern.length() && pattern.charAt(i + run) == c) run++;
      if (c == '-' || c == '_' || c == '.') {
        i += run;
        continue;
      }
      char field = c == 'u' ? 'y' : c;
      int at = order.indexOf(field);
      if (at < 0) {
        return "\"" + pattern + "\" does not sort in time order: only yyyy, MM, dd, HH, mm, ss, S and the separators - _ . are allowed";
      }
      if (at != next) {
        return "\"" + pattern + "\" does not sort in time order: fields must run from the year down without gaps (e.g. yyyyMMdd-HHmmss)";
      }
      int width = field == 'y' ? 4 : field == 'S' ? run : 2;
      if (run != width || (field == 'S' && run > 9)) {
        return "\"" + pattern + "\" does not sort in time order: use fixed widths yyyy, MM, dd, HH, mm, ss";
      }
      next = at + 1;
      i += run;
    }
    if (next < 3) return "\"" + pattern + "\" must contain at least yyyy, MM and dd";
    return null;
  }
}

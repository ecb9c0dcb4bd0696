package io.hostkeeper.common.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code cleanup.paths} glob split into its root (the leading components without glob
 * characters, a directory that is walked) and the pattern below it. Pure; no I/O.
 *
 * @param glob the text as written
 * @param root the directory the walk starts at (never deleted itself)
 * @param depth how many components below the root the pattern spans; -1 with {@code **}
 */
public record CleanupGlob(String glob, Path root, int depth) {

  /** Null when {@code glob} is acceptable; otherwise what is wrong. */
  public static String problem(String glob) {
    if (glob == null || glob.isBlank()) return "must not be empty";
    if (!glob.startsWith("/")) return "must be an absolute path, got " + Texts.quote(glob);
    if (glob.indexOf('\0') >= 0 || glob.indexOf('\n') >= 0) return "contains a control character";
    for (String part : glob.substring(1).split("/", -1)) {
      if (part.equals("..") || part.equals(".")) {
        return "must not contain '.' or '..' components (they would leave the directory they name): " + Texts.quote(glob);
      }
      if (part.isEmpty()) return "must not contain an empty component ('//' or a trailing '/'): " + Texts.quote(glob);
    }
    List<String> fixed = fixedParts(glob);
    if (fixed.size() == glob.substring(1).split("/").length) {
      return "names no pattern below a directory: write e.g. " + Texts.quote(glob + "/*") + " to clean inside it";
    }
    if (fixed.isEmpty()) return "the pattern starts at / (the whole system); start it at a directory such as /tmp";
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      return "not a valid glob " + Texts.quote(glob) + ": " + e.getMessage();
    }
    return null;
  }

  public static CleanupGlob parse(String glob) {
    String problem = problem(glob);
    if (problem != null) throw new IllegalArgumentException(problem);
    List<String> fixed = fixedParts(glob);
    String[] parts = glob.substring(1).split("/");
    boolean deep = glob.contains("**");
    return new CleanupGlob(glob, Path.of("/" + String.join("/", fixed)), deep ? -1 : parts.length - fixed.size());
  }

  /** A matcher of absolute paths. */
  public PathMatcher matcher() {
    return FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }

  private static List<String> fixedParts(String glob) {
    List<String> fixed = new ArrayList<>();
    for (String part : glob.substring(1).split("/")) {
      if (part.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{' || c == '\\')) break;
      fixed.add(part);
    }
    return fixed;
  }
}

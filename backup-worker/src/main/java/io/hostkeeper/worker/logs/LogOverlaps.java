package io.hostkeeper.worker.logs;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Do two {@code logs[].path} patterns claim the same file? Pure. One file must belong to one
 * entry, or the second job shifts the first one's rotations (logrotate refuses duplicates too).
 * Caught here: identical paths, a file name the other's glob matches, and two globs in one
 * directory where a simple name one glob stands for (each {@code *} empty or "x", each {@code ?}
 * "x", each class its first member, each alternative of a brace) matches the other. Globs that
 * overlap only in less obvious names are caught by the check of the files they match.
 */
final class LogOverlaps {
  private LogOverlaps() {}

  static boolean overlap(String a, String b) {
    Path pa = Path.of(a).toAbsolutePath().normalize();
    Path pb = Path.of(b).toAbsolutePath().normalize();
    if (pa.equals(pb)) return true;
    if (pa.getParent() == null || !pa.getParent().equals(pb.getParent())) return false;
    String na = pa.getFileName().toString();
    String nb = pb.getFileName().toString();
    return matchesSome(nb, samples(na)) || matchesSome(na, samples(nb));
  }

  private static boolean matchesSome(String glob, List<String> names) {
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    for (String n : names) if (!n.isEmpty() && m.matches(Path.of(n))) return true;
    return false;
  }

  /** A few names the glob matches; the literal name itself when it has no glob characters. */
  static List<String> samples(String glob) {
    List<String> out = new ArrayList<>();
    expand(glob, 0, new StringBuilder(), out);
    return out;
  }

  private static void expand(String g, int i, StringBuilder prefix, List<String> out) {
    if (out.size() > 64) return;
    if (i >= g.length()) {
      out.add(prefix.toString());
      return;
    }
    char c = g.charAt(i);
    int mark = prefix.length();
    switch (c) {
      case '*' -> {
        expand(g, i + 1, prefix, out);
        prefix.setLength(mark);
        expand(g, i + 1, prefix.append('x'), out);
      }
      case '?' -> expand(g, i + 1, prefix.append('x'), out);
      case '[' -> {
        int end = g.indexOf(']', i + 2);
        if (end < 0) {
          expand(g, i + 1, prefix.append(c), out);
          break;
        }
        String body = g.substring(i + 1, end);
        if (body.startsWith("!") || body.startsWith("^")) {
          expand(g, end + 1, prefix.append('\u0001'), out); // some character outside a small negated class
        } else {
          expand(g, end + 1, prefix.append(body.charAt(0)), out);
        }
      }
      case '{' -> {
        int end = g.indexOf('}', i);
        if (end < 0) {
          expand(g, i + 1, prefix.append(c), out);
          break;
        }
        for (String alt : g.substring(i + 1, end).split(",", -1)) {
          prefix.setLength(mark);
          expand(g, end + 1, prefix.append(alt), out);
        }
      }
      default -> expand(g, i + 1, prefix.append(c), out);
    }
    prefix.setLength(mark);
  }
}

package io.hostkeeper.worker.backup.archive;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Include/exclude globs of a path source. A pattern without '/' matches a name at any depth
 * ({@code *.tmp}, {@code cache}); a pattern with '/' matches the path relative to the source root
 * ({@code logs/*.gz}, {@code data/**}); {@code **}{@code /*.yml} matches at any depth including the
 * top. Pure: no file system access.
 */
public final class Globs {
  private final List<PathMatcher> byName;
  private final List<PathMatcher> byPath;
  private final boolean empty;

  public Globs(List<String> patterns) {
    var fs = FileSystems.getDefault();
    byName = patterns.stream().filter(p -> !p.contains("/")).map(p -> fs.getPathMatcher("glob:" + p)).toList();
    List<PathMatcher> paths = new java.util.ArrayList<>();
    for (String p : patterns) {
      if (!p.contains("/")) continue;
      String rel = p.startsWith("/") ? p.substring(1) : p;
      paths.add(fs.getPathMatcher("glob:" + rel));
      // "**/x" also matches x at the top (Java's ** needs a directory before the '/')
      if (rel.startsWith("**/")) paths.add(fs.getPathMatcher("glob:" + rel.substring(3)));
    }
    byPath = List.copyOf(paths);
    empty = patterns.isEmpty();
  }

  public boolean isEmpty() {
    return empty;
  }

  /** @param relative path relative to the source root (not empty) */
  public boolean matches(Path relative) {
    Path name = relative.getFileName();
    for (PathMatcher m : byName) if (name != null && m.matches(name)) return true;
    for (PathMatcher m : byPath) if (m.matches(relative)) return true;
    return false;
  }
}

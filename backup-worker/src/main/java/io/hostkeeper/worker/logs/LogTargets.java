package io.hostkeeper.worker.logs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands a {@code logs[].path} (a file, or a glob in the file name) to the live logs it names.
 * Rotated siblings ({@code .1}, {@code .gz}, {@code .zst}, dated names) and our temp files are
 * never taken for live logs, even when a broad glob such as {@code *} matches them.
 */
final class LogTargets {
  private LogTargets() {}

  /** A user-caused problem with the configured path; the message says what to do. */
  static final class TargetException extends Exception {
    TargetException(String message) {
      super(message, null, false, false);
    }
  }

  static boolean isGlob(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0 || path.indexOf('{') >= 0;
  }

  static List<Path> expand(String pattern, List<String> notes) throws TargetException {
    Path configured = Path.of(pattern);
    try {
      if (!isGlob(pattern)) {
        if (!Files.exists(configured, LinkOption.NOFOLLOW_LINKS)) return List.of();
        if (Files.isSymbolicLink(configured)) {
          throw new TargetException(pattern + " is a symbolic link; links are never followed: configure the file it points to");
        }
        if (Files.isDirectory(configured)) {
          throw new TargetException(pattern + " is a directory, but a log file is expected; use a glob such as " + configured.resolve("*.log"));
        }
        if (!Files.isRegularFile(configured)) throw new TargetException(pattern + " is not a regular file (a device, fifo or socket cannot be rotated)");
        return List.of(configured);
      }
      Path dir = configured.getParent() == null ? Path.of(".") : configured.getParent();
      if (!Files.exists(dir)) return List.of();
      if (!Files.isDirectory(dir)) throw new TargetException(dir + " (the directory part of " + pattern + ") is not a directory");
      List<Path> found = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, configured.getFileName().toString())) {
        for (Path p : s) {
          String name = p.getFileName().toString();
          if (looksRotated(name)) continue;
          // a link is kept here so that its rotation is refused with a problem, never followed
          if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
            notes.add("ignored " + p + ": not a regular file");
            continue;
          }
          found.add(p);
        }
      }
      found.sort(null);
      return found;
    } catch (AccessDeniedException e) {
      throw new TargetException("permission denied reading " + e.getFile() + "; run the worker as a user that may read and rename the logs there");
    } catch (IOException e) {
      throw new TargetException("cannot read " + pattern + ": " + e);
    }
  }

  static boolean looksRotated(String name) {
    return name.startsWith(".") || name.endsWith(".gz") || name.endsWith(".zst") || name.endsWith(RotationNaming.TEMP_SUFFIX)
        || name.matches(".*\\.[0-9]+") || name.matches(".*-[0-9]{8}.*");
  }
}

package io.hostkeeper.common.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Finds a process that still has a file open, by scanning {@code /proc/<pid>/fd}. A rotated file
 * is compressed only once nobody writes to it any more, so lines a slow-to-reopen writer appends
 * after the rename are never lost. Without permission to read another user's fds (not root) such
 * a process is not seen; on systems without /proc nothing is found. Log rotation asks about one
 * file at a time ({@link #holder}); cleanup takes one {@link #openFileKeys snapshot} per run.
 */
public class OpenFiles {
  private final Path proc;

  public OpenFiles(Path proc) {
    this.proc = proc;
  }

  /** The pid of a process holding {@code file} open, if any. */
  public OptionalLong holder(Path file) {
    Object key;
    try {
      key = Files.readAttributes(file, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return OptionalLong.empty();
    }
    String name = file.getFileName().toString();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
          for (Path fd : fds) {
            Path target;
            try {
              target = Files.readSymbolicLink(fd);
            } catch (IOException e) {
              continue;
            }
            if (target.getFileName() == null || !target.toString().contains(name)) continue;
            try {
              if (key.equals(Files.readAttributes(fd, "unix:dev,ino"))) {
                return OptionalLong.of(Long.parseLong(pid.getFileName().toString()));
              }
            } catch (IOException | RuntimeException e) {
              // the fd closed meanwhile
            }
          }
        } catch (IOException | RuntimeException e) {
          // process gone or not ours to read
        }
      }
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /**
   * The file keys ({@link BasicFileAttributes#fileKey()}: device and inode) of every file some
   * process holds open now, read once through {@code /proc/<pid>/fd}. Compare with the
   * {@code fileKey()} of a file's attributes read without following links.
   */
  public Set<Object> openFileKeys() {
    Set<Object> keys = new HashSet<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
          for (Path fd : fds) {
            try {
              Object key = Files.readAttributes(fd, BasicFileAttributes.class).fileKey();
              if (key != null) keys.add(key);
            } catch (IOException | RuntimeException e) {
              // the fd closed meanwhile
            }
          }
        } catch (IOException | RuntimeException e) {
          // process gone or not ours to read
        }
      }
    } catch (IOException e) {
      return keys;
    }
    return keys;
  }
}

package io.hostkeeper.worker.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Finds a process that still has a file open, by scanning {@code /proc/<pid>/fd}. A rotated file
 * is compressed only once nobody writes to it any more, so lines a slow-to-reopen writer appends
 * after the rename are never lost. Without permission to read another user's fds (not root) such
 * a process is not seen; on systems without /proc nothing is found.
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
}

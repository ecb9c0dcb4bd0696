package io.hostkeeper.worker.history;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps the worker's data directory private: the state database holds every run's details and the
 * full manifest (every path and hash) of every archive. A new data directory is created 0700 and a
 * new {@code state.db} 0600 (before SQLite opens it, so its {@code -wal} and {@code -shm}, which
 * SQLite creates with the database's mode, are 0600 too). Existing ones that others can read are
 * narrowed, never through a link, and each change is reported for the log.
 */
public final class DataDirectory {
  private static final List<String> STATE_FILES = List.of(
      StateDatabase.FILE_NAME, StateDatabase.FILE_NAME + "-wal", StateDatabase.FILE_NAME + "-shm",
      StateDatabase.FILE_NAME + "-journal");

  private DataDirectory() {}

  /**
   * Creates or narrows {@code dataDir} and its state database files. Returns one line per change or
   * per thing left as it is (with the reason), for the log; empty when all was already private.
   */
  public static List<String> secure(Path dataDir) throws IOException {
    List<String> notes = new ArrayList<>();
    Path dir = dataDir.toAbsolutePath();
    if (!Files.exists(dir)) {
      SafeFiles.createDirectories(dir, SafeFiles.PRIVATE_DIR);
    } else {
      // A data directory configured through a link is the admin's choice: its target is narrowed.
      Path real = dir.toRealPath();
      if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) throw new IOException(dir + " is not a directory");
      if (looksOurs(real)) {
        note(notes, real, SafeFiles.tightenNoFollow(real, SafeFiles.PRIVATE_DIR), "rwx------");
      } else if (!SafeFiles.PRIVATE_DIR.containsAll(Files.getPosixFilePermissions(real, LinkOption.NOFOLLOW_LINKS))) {
        notes.add(real + " is readable by other users and holds files that are not the worker's; left as it is:"
            + " give worker.data_dir a directory of its own");
      }
      dir = real;
    }
    Path db = dir.resolve(StateDatabase.FILE_NAME);
    try {
      FileChannel ch = SafeFiles.createNew(db, SafeFiles.PRIVATE_FILE);
      ch.close();
    } catch (FileAlreadyExistsException e) {
      // an existing database is narrowed below
    }
    for (String name : STATE_FILES) {
      Path p = dir.resolve(name);
      try {
        note(notes, p, SafeFiles.tightenNoFollow(p, SafeFiles.PRIVATE_FILE), "rw-------");
      } catch (IOException e) {
        notes.add(p + ": permissions not checked (" + e.getMessage() + ")");
      }
    }
    return notes;
  }

  private static void note(List<String> notes, Path p, String was, String now) {
    if (was != null) notes.add("narrowed the permissions of " + p + " from " + was + " to " + now);
  }

  /** Empty, or already holding the worker's state: safe to make private as a whole. */
  private static boolean looksOurs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      return names.isEmpty() || names.contains(StateDatabase.FILE_NAME) || names.contains("worker.lock");
    }
  }
}

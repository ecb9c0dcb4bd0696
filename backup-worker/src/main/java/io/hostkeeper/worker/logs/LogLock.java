package io.hostkeeper.worker.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rotation of a live log at a time: an OS lock on a lock file next to the log's state (so two
 * worker processes sharing a data dir also exclude each other), plus an in-process guard (the JVM
 * refuses overlapping OS locks within one process).
 */
final class LogLock implements AutoCloseable {
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private LogLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws IOException with a clear message when another rotation of the same log holds it */
  static LogLock acquire(Path lockFile, Path live) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    if (!HELD.add(key)) throw new IOException("another rotation of " + live + " is running in this worker");
    try {
      Files.createDirectories(key.getParent());
      FileChannel ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        throw new IOException("another process is rotating " + live + " (lock " + key + " is held)");
      }
      return new LogLock(key, ch, l);
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      HELD.remove(path);
    }
  }
}

package io.hostkeeper.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One worker per data directory: an exclusive lock on {@code <data_dir>/worker.lock}, holding the
 * owner's pid. Two workers on one state database would mark each other's runs interrupted and
 * run every job twice. The operating system drops the lock when the process dies, even by kill -9.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE_NAME = "worker.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir) throws WorkerStartException {
    Path file = dataDir.resolve(FILE_NAME);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
        ch.close();
        throw new WorkerStartException("another worker is already running with data directory " + dataDir
            + (owner.isEmpty() ? "" : " (pid " + owner + ")") + "; stop it first, or give this one its own worker.data_dir");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      return new DataDirLock(ch, lock);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // reporting the first problem
        }
      }
      throw new WorkerStartException("cannot lock " + file + ": " + io.hostkeeper.common.cli.StartupChecks.describe(e));
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the process is ending; the OS releases the lock anyway
    }
  }
}

package io.hostkeeper.worker.backup.copy;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One open connection to a remote directory that holds a backup's copies. Names are plain file
 * names inside that directory (never paths). Every failure is a {@link CopyFailure} with a reason.
 */
public interface CopyTarget extends Closeable {

  /** A regular file in the remote directory. */
  record RemoteFile(String name, long size) {}

  /** Regular files in the remote directory (created first when missing). */
  List<RemoteFile> list() throws IOException;

  /**
   * Writes {@code local} to {@code tempName}, which must not exist, streaming (never the whole file
   * in memory), and makes it durable where the server can ({@code fsync@openssh.com}).
   * {@code progress} gets the bytes sent so far.
   */
  void upload(Path local, String tempName, LongConsumer progress) throws IOException;

  /** Renames over an existing {@code to} atomically where the server can ({@code posix-rename@openssh.com}). */
  void rename(String from, String to) throws IOException;

  /** The size of {@code name}, or -1 when it does not exist. */
  long size(String name) throws IOException;

  /** Deletes {@code name}; absent is fine. */
  void delete(String name) throws IOException;

  /** Reads {@code name} back, streaming. */
  InputStream read(String name) throws IOException;

  /** {@code user@host:port/path}, for messages. */
  String describe();
}

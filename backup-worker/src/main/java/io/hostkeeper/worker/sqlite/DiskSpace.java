package io.hostkeeper.worker.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space for the VACUUM pre-check; tests inject a reading. */
@FunctionalInterface
public interface DiskSpace {
  DiskSpace REAL = dir -> Files.getFileStore(dir).getUsableSpace();

  /** Bytes an unprivileged writer may still use on the file system holding {@code dir}. */
  long usableBytes(Path dir) throws IOException;
}

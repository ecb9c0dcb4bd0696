package io.hostkeeper.worker.cleanup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Available space for {@code min_free}; tests inject a reading. */
@FunctionalInterface
public interface FreeSpace {
  FreeSpace REAL = dir -> Files.getFileStore(dir).getUsableSpace();

  /** Bytes an unprivileged writer may still use on the file system holding {@code dir} (statvfs f_bavail). */
  long available(Path dir) throws IOException;
}

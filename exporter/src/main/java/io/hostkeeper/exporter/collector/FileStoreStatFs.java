package io.hostkeeper.exporter.collector;

import java.io.File;
import java.io.IOException;

/**
 * Portable fallback: {@link File#getTotalSpace()}, {@link File#getFreeSpace()} and
 * {@link File#getUsableSpace()} (three statvfs calls); inode counts are unknown (absent).
 */
public final class FileStoreStatFs implements StatFs {

  @Override
  public Usage stat(String path) throws IOException {
    File f = new File(path);
    long total = f.getTotalSpace();
    if (total == 0 && !f.exists()) throw new IOException("cannot stat " + path);
    return new Usage(total, f.getFreeSpace(), f.getUsableSpace(), Double.NaN, Double.NaN);
  }
}

package io.hostkeeper.exporter.collector;

import java.io.IOException;

/** Space and inode figures of the filesystem holding a path (statvfs). */
public interface StatFs {

  /**
   * @param files total inodes, or NaN when this implementation cannot tell
   * @param filesFree free inodes, or NaN when unknown
   */
  record Usage(double sizeBytes, double freeBytes, double availBytes, double files, double filesFree) {}

  Usage stat(String path) throws IOException;
}

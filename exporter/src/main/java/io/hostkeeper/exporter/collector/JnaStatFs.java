package io.hostkeeper.exporter.collector;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.platform.linux.LibC;
import java.io.IOException;

/**
 * statvfs(3) through JNA (which OSHI already brings): one system call per mount gives sizes and inode
 * counts. Measured against java.nio's FileStore, which needs three calls and cannot give inodes.
 */
public final class JnaStatFs implements StatFs {

  @Override
  public Usage stat(String path) throws IOException {
    LibC.Statvfs s = new LibC.Statvfs();
    int rc;
    try {
      rc = LibC.INSTANCE.statvfs(path, s);
    } catch (LastErrorException e) {
      throw new IOException("statvfs " + path + ": errno " + e.getErrorCode());
    }
    if (rc != 0) throw new IOException("statvfs " + path + ": errno " + Native.getLastError());
    double frsize = unsigned(s.f_frsize.longValue());
    if (frsize == 0) frsize = unsigned(s.f_bsize.longValue());
    return new Usage(unsigned(s.f_blocks.longValue()) * frsize, unsigned(s.f_bfree.longValue()) * frsize,
        unsigned(s.f_bavail.longValue()) * frsize, unsigned(s.f_files.longValue()), unsigned(s.f_ffree.longValue()));
  }

  private static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }
}

package io.hostkeeper.exporter.collector;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;

/**
 * statvfs(3) through JNA direct mapping (JNA comes with OSHI): one system call per mount gives
 * sizes and inode counts. Measured here against java.nio (three statvfs calls, no inodes) and JNA's
 * {@code LibC.Statvfs} structure (reflection per call, ~8x slower): see docs/benchmarks.md.
 * The result is read from a per-thread native buffer; in glibc's {@code struct statvfs} the fields
 * used here are consecutive {@code unsigned long}s (f_bsize, f_frsize, f_blocks, f_bfree, f_bavail,
 * f_files, f_ffree), on 32- and 64-bit alike.
 */
public final class JnaStatFs implements StatFs {
  private static final int WORD = NativeLong.SIZE;
  private static final ThreadLocal<Memory> BUFFER = ThreadLocal.withInitial(() -> new Memory(256));
  private static volatile boolean registered;

  private static native int statvfs(String path, Memory buf);

  /** True when statvfs can be called on this platform (Linux, glibc or musl). */
  public static boolean available() {
    return Platform.isLinux();
  }

  private static synchronized void register() {
    if (!registered) {
      Native.register(JnaStatFs.class, Platform.C_LIBRARY_NAME);
      registered = true;
    }
  }

  @Override
  public Usage stat(String path) throws IOException {
    if (!registered) register();
    Memory m = BUFFER.get();
    if (statvfs(path, m) != 0) throw new IOException("statvfs " + path + " failed: errno " + Native.getLastError());
    double bsize = word(m, 0);
    double frsize = word(m, 1);
    if (frsize == 0) frsize = bsize;
    return new Usage(word(m, 2) * frsize, word(m, 3) * frsize, word(m, 4) * frsize, word(m, 5), word(m, 6));
  }

  private static double word(Memory m, int index) {
    long v = WORD == 8 ? m.getLong((long) index * WORD) : m.getInt((long) index * WORD) & 0xffffffffL;
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }
}

package io.hostkeeper.worker.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * copytruncate: the live file is copied and then truncated in place, for programs that cannot
 * reopen their log. The window: lines the program appends after the last copy pass and before the
 * truncate are lost. To keep it short the copy catches up with the growing file in passes (each
 * fsynced) and truncates right after the last pass; the measured window is in the run's details.
 * The program must open its log with O_APPEND, or it keeps writing at its old offset after the
 * truncate and leaves a sparse file.
 */
final class CopyTruncate {
  private static final int MAX_PASSES = 8;

  private CopyTruncate() {}

  record Copy(Path temp, long bytes, long crc) {}

  /** Copies the whole live file to a hidden temp next to {@code to}, fsynced. */
  static Copy copy(Path live, Path to) throws IOException {
    Path temp = to.resolveSibling(RotationNaming.temp(to.getFileName().toString()));
    Files.deleteIfExists(temp);
    CRC32 crc = new CRC32();
    long copied;
    try (FileChannel in = FileChannel.open(live, StandardOpenOption.READ);
         FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      copied = transfer(in, out, 0, in.size(), crc);
      out.force(true);
    }
    try {
      Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(live));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    return new Copy(temp, copied, crc.getValue());
  }

  /** True when the live file still begins with exactly the bytes that were copied (so it was not truncated). */
  static boolean startsWith(Path live, long bytes, long expectedCrc) throws IOException {
    if (!Files.exists(live)) return false;
    try (FileChannel in = FileChannel.open(live, StandardOpenOption.READ)) {
      if (in.size() < bytes) return false;
      CRC32 crc = new CRC32();
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      long pos = 0;
      while (pos < bytes) {
        buf.clear().limit((int) Math.min(buf.capacity(), bytes - pos));
        int n = in.read(buf, pos);
        if (n <= 0) return false;
        crc.update(buf.flip());
        pos += n;
      }
      return crc.getValue() == expectedCrc;
    }
  }

  /**
   * Appends what the live file gained since the copy to {@code to}, in fsynced passes, then
   * truncates the live file. @return the window in nanoseconds: from the last size reading to the
   * end of the truncate (what is written in it is lost)
   */
  static long catchUpAndTruncate(Path live, Path to, long copied) throws IOException {
    try (FileChannel in = FileChannel.open(live, StandardOpenOption.READ, StandardOpenOption.WRITE);
         FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      long pos = copied;
      for (int pass = 0; pass < MAX_PASSES; pass++) {
        long size = in.size();
        if (size <= pos) break;
        pos += transfer(in, out, pos, size, null);
        out.force(true);
      }
      long lastLook = System.nanoTime();
      long size = in.size();
      if (size > pos) pos += transfer(in, out, pos, size, null);
      in.truncate(0);
      long window = System.nanoTime() - lastLook;
      out.force(true);
      return window;
    }
  }

  private static long transfer(FileChannel in, FileChannel out, long from, long to, CRC32 crc) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    long pos = from;
    while (pos < to) {
      buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
      int n = in.read(buf, pos);
      if (n <= 0) break;
      buf.flip();
      if (crc != null) {
        crc.update(buf.duplicate());
      }
      while (buf.hasRemaining()) out.write(buf);
      pos += n;
    }
    return pos - from;
  }
}

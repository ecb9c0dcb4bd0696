package io.hostkeeper.worker.logs;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * copytruncate: the live file is copied and then truncated in place, for programs that cannot
 * reopen their log. The window: lines the program appends after the last copy pass and before the
 * truncate are lost. To keep it short the copy catches up with the growing file in passes (each
 * fsynced) and truncates right after the last pass; the measured window is in the run's details.
 * The program must open its log with O_APPEND, or it keeps writing at its old offset after the
 * truncate and leaves a sparse file.
 *
 * <p>The live file is opened without following a link and checked to be the regular file that was
 * looked at; the copy is created exclusively with mode 0600 and gets the live file's mode only once
 * complete, by a no-follow call.
 */
final class CopyTruncate {
  private static final int MAX_PASSES = 8;

  private CopyTruncate() {}

  /** @param key the file key (device, inode) of the live file that was copied */
  record Copy(Path temp, long bytes, long crc, Object key) {}

  /** Copies the whole live file to a hidden temp next to {@code to}, fsynced. */
  static Copy copy(Path live, Path to) throws IOException {
    Path temp = to.resolveSibling(RotationNaming.temp(to.getFileName().toString()));
    CRC32 crc = new CRC32();
    long copied;
    Object key;
    Set<PosixFilePermission> mode;
    try (FileChannel in = SafeFiles.openRegularNoFollow(live)) {
      key = SafeFiles.lstat(live).fileKey();
      mode = modeOf(live);
      try (FileChannel out = SafeFiles.createNew(temp, SafeFiles.PRIVATE_FILE)) {
        copied = transfer(in, out, 0, in.size(), crc);
        out.force(true);
      }
    }
    if (mode != null) SafeFiles.setModeNoFollow(temp, mode);
    return new Copy(temp, copied, crc.getValue(), key);
  }

  static Set<PosixFilePermission> modeOf(Path file) throws IOException {
    try {
      return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /** True when the live file still begins with exactly the bytes that were copied (so it was not truncated). */
  static boolean startsWith(Path live, long bytes, long expectedCrc) throws IOException {
    if (!Files.exists(live, LinkOption.NOFOLLOW_LINKS)) return false;
    try (FileChannel in = SafeFiles.openRegularNoFollow(live)) {
      if (in.size() < bytes) return false;
      return crcOf(in, bytes) == expectedCrc;
    }
  }

  /** CRC32 of the first {@code bytes} of the channel, or -1 when it is shorter. */
  static long crcOf(FileChannel in, long bytes) throws IOException {
    CRC32 crc = new CRC32();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    long pos = 0;
    while (pos < bytes) {
      buf.clear().limit((int) Math.min(buf.capacity(), bytes - pos));
      int n = in.read(buf, pos);
      if (n <= 0) return -1;
      crc.update(buf.flip());
      pos += n;
    }
    return crc.getValue();
  }

  /**
   * Appends what the live file gained since the copy to {@code to}, in fsynced passes, then
   * truncates the live file. @return the window in nanoseconds: from the last size reading to the
   * end of the truncate (what is written in it is lost)
   */
  static long catchUpAndTruncate(Path live, Path to, Copy copy) throws IOException {
    try (FileChannel in = SafeFiles.openRegularNoFollow(live, StandardOpenOption.READ, StandardOpenOption.WRITE);
         FileChannel out = SafeFiles.openRegularNoFollow(to, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      if (copy.key() != null && !copy.key().equals(SafeFiles.lstat(live).fileKey())) {
        throw new FileSystemException(live.toString(), null, "was replaced by another file during the copy; not truncated ("
            + to.getFileName() + " holds the copy of the old one)");
      }
      long pos = copy.bytes();
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

package io.hostkeeper.worker.logs;

import com.github.luben.zstd.ZstdOutputStream;
import io.hostkeeper.common.config.LogConfig.Codec;
import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Compresses a rotated file without ever losing it: the compressed form is written to a hidden
 * temporary name, fsynced and renamed into place, and only then is the original deleted. A crash at
 * any point leaves the original (and at worst a temporary file, removed at the next start) or a
 * complete compressed file next to the original (the original is then dropped).
 *
 * <p>The source is opened without following a link and checked to be a regular file; the
 * temporary file is created exclusively with mode 0600, and gets the source's mode and time only
 * when complete, by no-follow calls, so nobody can read it early or redirect the change.
 */
final class Compressor {
  private Compressor() {}

  /**
   * Prepares the codec with the worker's own rights, before a run_as rotation switches. zstd-jni
   * unpacks its library into the temp directory on first use and then loads it into this process:
   * done while acting as a run_as user, that user would own the unpacked file and could change it
   * before it is loaded into a process running as root. The gzip pool's threads are started here
   * too, as threads started while switched would keep the user's identity.
   */
  static void loadCodec(Codec codec) {
    if (codec == Codec.ZSTD) {
      com.github.luben.zstd.util.Native.load();
    } else {
      ParallelGzip.startPool();
    }
  }

  /** @return bytes of the compressed file */
  static long compress(Path source, Path target, Codec codec, FaultHook faults) throws IOException {
    Path temp = target.resolveSibling(RotationNaming.temp(target.getFileName().toString()));
    FileTime modified;
    Set<PosixFilePermission> mode;
    try (FileChannel src = SafeFiles.openRegularNoFollow(source)) {
      modified = SafeFiles.lstat(source).lastModifiedTime();
      mode = CopyTruncate.modeOf(source);
      // a leftover of an interrupted compression: the source is open here, so it is intact
      SafeFiles.deleteIfExists(temp);
      try (FileChannel out = SafeFiles.createNew(temp, SafeFiles.PRIVATE_FILE)) {
        InputStream in = Channels.newInputStream(src);
        OutputStream raw = Channels.newOutputStream(out);
        if (codec == Codec.ZSTD) {
          try (ZstdOutputStream z = new ZstdOutputStream(new NonClosing(raw), 3)) {
            z.setWorkers(ParallelGzip.threads());
            in.transferTo(z);
          }
        } else {
          ParallelGzip.compress(in, new NonClosing(raw));
        }
        faults.at("compress-written");
        out.force(true);
      }
    }
    SafeFiles.setMtimeNoFollow(temp, modified);
    if (mode != null) SafeFiles.setModeNoFollow(temp, mode);
    faults.at("compress-before-rename");
    SafeFiles.renameDurably(temp, target);
    faults.at("compress-renamed");
    SafeFiles.deleteIfExists(source);
    SafeFiles.fsyncDirectory(source.toAbsolutePath().getParent());
    return SafeFiles.lstat(target).size();
  }

  /** Lets a codec stream finish its frame without closing the channel we still fsync. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}

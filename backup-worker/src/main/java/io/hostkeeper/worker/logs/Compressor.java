package io.hostkeeper.worker.logs;

import com.github.luben.zstd.ZstdOutputStream;
import io.hostkeeper.common.config.LogConfig.Codec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/**
 * Compresses a rotated file without ever losing it: the compressed form is written to a hidden
 * temporary name, fsynced and renamed into place, and only then is the original deleted. A crash at
 * any point leaves the original (and at worst a temporary file, removed at the next start) or a
 * complete compressed file next to the original (the original is then dropped).
 */
final class Compressor {
  private Compressor() {}

  /** @return bytes of the compressed file */
  static long compress(Path source, Path target, Codec codec, FaultHook faults) throws IOException {
    Path temp = target.resolveSibling(RotationNaming.temp(target.getFileName().toString()));
    Files.deleteIfExists(temp);
    FileTime modified = Files.getLastModifiedTime(source);
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      try (InputStream in = Files.newInputStream(source)) {
        OutputStream raw = Channels.newOutputStream(out);
        if (codec == Codec.ZSTD) {
          try (ZstdOutputStream z = new ZstdOutputStream(new NonClosing(raw), 3)) {
            z.setWorkers(Math.max(1, Runtime.getRuntime().availableProcessors()));
            in.transferTo(z);
          }
        } else {
          ParallelGzip.compress(in, new NonClosing(raw));
        }
      }
      faults.at("compress-written");
      out.force(true);
    }
    Files.setLastModifiedTime(temp, modified);
    try {
      Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(source));
    } catch (UnsupportedOperationException | IOException e) {
      // keep the default mode where POSIX modes are not available
    }
    faults.at("compress-before-rename");
    FileOps.renameDurably(temp, target);
    faults.at("compress-renamed");
    Files.delete(source);
    FileOps.fsyncDir(source.toAbsolutePath().getParent());
    return Files.size(target);
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

package io.hostkeeper.worker.backup.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.hostkeeper.common.config.BackupConfig.Compression;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Compression of the tar stream, and the file suffix each codec gives the archive. */
public final class Codecs {
  /**
   * zstd level 2, chosen by bench/backup/levels.sh (docs/benchmarks.md): on the bench corpus (logs,
   * random files, SQLite) smaller than level 5 and than gpg's ZLIB-6 for about two thirds of level
   * 5's CPU; on text alone 1 % larger than level 5 (levels 3 and 4 are larger on both).
   */
  public static final int ZSTD_DEFAULT_LEVEL = 2;
  /**
   * zstd's own compression threads: the tar thread then only reads and hashes, and compression
   * overlaps with it and with encryption. Output is identical in format (one zstd frame). At most
   * half the cores (at least one, at most four): the tar and encryption threads need the others,
   * and each worker holds its own native window and job buffers while a backup runs.
   */
  static final int ZSTD_WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

  private Codecs() {}

  public static String suffix(Compression c) {
    return switch (c) {
      case ZSTD -> ".tar.zst";
      case GZIP -> ".tar.gz";
      case NONE -> ".tar";
    };
  }

  public static OutputStream compress(OutputStream out, Compression c, Integer level) throws IOException {
    return switch (c) {
      case ZSTD -> new ZstdFrames(out, level == null ? ZSTD_DEFAULT_LEVEL : level, ZSTD_WORKERS);
      // the tar writes 512-byte records: gathered here so that each deflate call gets 256 KiB
      case GZIP -> new BufferedOutputStream(new GZIPOutputStream(out, 1 << 16) {
        {
          if (level != null) def.setLevel(level);
        }
      }, 256 << 10);
      case NONE -> new FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }
      };
    };
  }

  public static InputStream decompress(InputStream in, Compression c) throws IOException {
    return switch (c) {
      case ZSTD -> new ZstdInputStreamNoFinalizer(new BufferedInputStream(in, 1 << 17));
      case GZIP -> new GZIPInputStream(in, 1 << 16);
      case NONE -> in;
    };
  }
}

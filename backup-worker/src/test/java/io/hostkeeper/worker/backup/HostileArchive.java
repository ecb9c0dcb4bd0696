package io.hostkeeper.worker.backup;

import io.hostkeeper.common.config.BackupConfig.Compression;
import io.hostkeeper.worker.backup.archive.Codecs;
import io.hostkeeper.worker.backup.pgp.PgpEncryption;
import io.hostkeeper.worker.backup.pgp.RecipientKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds archives the way an attacker with the public key could: any tar entries, in any order,
 * encrypted with the project's own encryption so that they pass the integrity check.
 */
final class HostileArchive {
  private record Entry(String name, byte type, int mode, String link, byte[] content, long declaredSize) {}

  private final List<Entry> entries = new ArrayList<>();
  private Compression compression = Compression.ZSTD;

  HostileArchive file(String name, String content) {
    return file(name, content, 0644);
  }

  HostileArchive file(String name, String content, int mode) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    entries.add(new Entry(name, TarConstants.LF_NORMAL, mode, null, b, b.length));
    return this;
  }

  /** A file entry whose header says {@code declaredSize} bytes of which only {@code content} follow. */
  HostileArchive bigFile(String name, long declaredSize) {
    entries.add(new Entry(name, TarConstants.LF_NORMAL, 0644, null, null, declaredSize));
    return this;
  }

  HostileArchive dir(String name, int mode) {
    entries.add(new Entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, null, null, 0));
    return this;
  }

  HostileArchive symlink(String name, String target) {
    entries.add(new Entry(name, TarConstants.LF_SYMLINK, 0777, target, null, 0));
    return this;
  }

  HostileArchive hardlink(String name, String target) {
    entries.add(new Entry(name, TarConstants.LF_LINK, 0644, target, null, 0));
    return this;
  }

  HostileArchive special(String name, byte type) {
    entries.add(new Entry(name, type, 0644, null, null, 0));
    return this;
  }

  HostileArchive compression(Compression c) {
    this.compression = c;
    return this;
  }

  /** Writes the archive to {@code file}, encrypted to {@code publicKey}. */
  Path write(Path file, Path publicKey) throws Exception {
    try (OutputStream f = Files.newOutputStream(file);
        OutputStream enc = PgpEncryption.open(f, RecipientKeys.load(publicKey, Instant.now()), "x");
        OutputStream z = Codecs.compress(enc, compression, null);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(z)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Entry en : entries) {
        TarArchiveEntry e = new TarArchiveEntry(en.name(), en.type(), true);
        e.setMode(en.mode());
        if (en.link() != null) e.setLinkName(en.link());
        if (en.declaredSize() > 0) e.setSize(en.declaredSize());
        tar.putArchiveEntry(e);
        if (en.content() != null) {
          tar.write(en.content());
        } else if (en.declaredSize() > 0) {
          writeZeros(tar, en.declaredSize());
        }
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  private static void writeZeros(OutputStream out, long n) throws IOException {
    byte[] zeros = new byte[1 << 16];
    while (n > 0) {
      int k = (int) Math.min(zeros.length, n);
      out.write(zeros, 0, k);
      n -= k;
    }
  }
}

package io.hostkeeper.worker.backup.archive;

import io.hostkeeper.common.config.BackupConfig.Compression;
import io.hostkeeper.worker.backup.pgp.KeyProblem;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;

/**
 * An archive opened for reading: the file (hashed and counted: the ciphertext), the OpenPGP layer
 * (hashed: the plaintext), the compression found from the decrypted content's first bytes (zstd,
 * gzip, or a bare tar; never from the file name, which may have been changed), and the tar.
 */
final class ArchiveStream implements Closeable {
  final Sha256.In cipher;
  final Sha256.In plain;
  final Compression compression;
  final TarArchiveInputStream tar;

  private ArchiveStream(Sha256.In cipher, Sha256.In plain, Compression compression, TarArchiveInputStream tar) {
    this.cipher = cipher;
    this.plain = plain;
    this.compression = compression;
    this.tar = tar;
  }

  static ArchiveStream open(Path archive, PGPSecretKeyRingCollection keys, char[] passphrase, LongConsumer progress)
      throws IOException, KeyProblem {
    Sha256.In cipher = new Sha256.In(new Progress(Files.newInputStream(archive), progress));
    try {
      InputStream clear;
      try {
        clear = PgpDecryption.open(new BufferedInputStream(cipher, 1 << 16), keys, passphrase);
      } catch (IOException | RuntimeException e) {
        throw new ArchiveRestorer.NotAnArchive(archive.getFileName() + " is not an OpenPGP-encrypted archive ("
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
      }
      Sha256.In plain = new Sha256.In(clear);
      BufferedInputStream head = new BufferedInputStream(plain, 1 << 16);
      Compression c = detect(head, archive);
      InputStream tarStream = Codecs.decompress(head, c);
      return new ArchiveStream(cipher, plain, c, new TarArchiveInputStream(tarStream, StandardCharsets.UTF_8.name()));
    } catch (IOException | KeyProblem | RuntimeException e) {
      cipher.close();
      throw e;
    }
  }

  /** zstd or gzip by their magic numbers, a bare tar by its header; anything else is not an archive. */
  static Compression detect(BufferedInputStream in, Path archive) throws IOException {
    in.mark(512);
    byte[] h = in.readNBytes(512);
    in.reset();
    Compression c = detect(h);
    if (c == null) {
      throw new ArchiveRestorer.NotAnArchive(archive.getFileName() + " decrypts, but what it holds is not a tar, tar.zst or tar.gz"
          + " (not a hostkeeper archive)");
    }
    return c;
  }

  /** Pure: the compression of a stream starting with {@code h}, or null when it is none of ours. */
  static Compression detect(byte[] h) {
    if (h.length >= 4 && (h[0] & 0xff) == 0x28 && (h[1] & 0xff) == 0xb5 && (h[2] & 0xff) == 0x2f && (h[3] & 0xff) == 0xfd) {
      return Compression.ZSTD;
    }
    if (h.length >= 2 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b) return Compression.GZIP;
    if (h.length >= 512 && TarArchiveInputStream.matches(h, h.length)) return Compression.NONE;
    return null;
  }

  /** Reads to the end: the MDC and the codec's checksum are checked there. */
  void drain() throws IOException {
    plain.transferTo(OutputStream.nullOutputStream());
  }

  @Override
  public void close() throws IOException {
    cipher.close();
  }

  /** Reports the ciphertext bytes read so far. */
  private static final class Progress extends FilterInputStream {
    private final LongConsumer listener;
    private long count;

    Progress(InputStream in, LongConsumer listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0 && listener != null) listener.accept(count += n);
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && listener != null) listener.accept(++count);
      return b;
    }
  }
}

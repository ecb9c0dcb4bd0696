package io.hostkeeper.worker.backup.archive;

import io.hostkeeper.common.config.BackupConfig.Compression;
import io.hostkeeper.common.fs.SafeFiles;
import io.hostkeeper.worker.backup.pgp.PgpEncryption;
import io.hostkeeper.worker.backup.pgp.RecipientKey;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Writes one archive: tar → compression on one thread, OpenPGP encryption and the file write on the
 * calling thread, joined by a bounded {@link ChunkPipe} (constant memory). The archive goes to a
 * temporary name in the destination, is fsynced, re-read to check its size and SHA-256, and only
 * then renamed into place (its side manifest beside it first). On any failure the temporary files
 * are deleted and nothing else in the destination is touched. Both files are created 0600 (never
 * through a link). The side manifest is the small {@link Manifest.Summary}: the member list stays
 * inside the encrypted archive. The whole write is bounded by the request's timeout: a source read
 * that never returns fails the run instead of holding it (and its lock) forever.
 */
public final class ArchiveWriter {
  public static final String TEMP_PREFIX = ".hk-tmp-";
  public static final String MANIFEST_SUFFIX = ".manifest.json";
  private static final int CHUNK = 256 * 1024;
  private static final int DEPTH = 8;
  /** How long a failed run waits for the tar thread to stop before leaving it behind. */
  private static final long JOIN_AFTER_FAILURE_MS = 10_000;

  /** Wraps the temporary file's stream; tests inject faults (disk full) here. */
  @FunctionalInterface
  public interface StreamWrapper {
    OutputStream wrap(OutputStream fileStream) throws IOException;
  }

  public record Request(String backup, Path destination, String fileName, Compression compression,
      Integer level, List<RecipientKey> recipients, ArchiveContent content, Instant created, java.time.Duration timeout) {
    public Request {
      Objects.requireNonNull(backup);
      Objects.requireNonNull(destination);
      Objects.requireNonNull(fileName);
      recipients = List.copyOf(recipients);
    }
  }

  private final StreamWrapper wrapper;

  public ArchiveWriter(StreamWrapper wrapper) {
    this.wrapper = wrapper == null ? s -> s : wrapper;
  }

  /** Writes, verifies and publishes the archive; returns its complete manifest. */
  public Manifest write(Request r) throws IOException {
    Path tmp = r.destination().resolve(TEMP_PREFIX + r.fileName());
    Path tmpManifest = r.destination().resolve(TEMP_PREFIX + r.fileName() + MANIFEST_SUFFIX);
    Path target = r.destination().resolve(r.fileName());
    Path targetManifest = r.destination().resolve(r.fileName() + MANIFEST_SUFFIX);
    if (Files.exists(target)) throw new FileAlreadyExistsException(target + " already exists");
    try {
      Manifest m = writeTemp(r, tmp);
      long size = Files.size(tmp);
      String hash = hashFile(tmp);
      if (size != m.ciphertext().size() || !hash.equals(m.ciphertext().sha256())) {
        throw new IOException("archive check failed after writing " + tmp + ": expected " + m.ciphertext().size()
            + " bytes with SHA-256 " + m.ciphertext().sha256() + ", read back " + size + " bytes with " + hash);
      }
      writePrivate(tmpManifest, m.summary().toJson().getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmpManifest, targetManifest, StandardCopyOption.ATOMIC_MOVE);
      SafeFiles.fsyncDirectory(r.destination());
      return m;
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(tmpManifest);
      throw e;
    }
  }

  private Manifest writeTemp(Request r, Path tmp) throws IOException {
    Manifest.Digest plain;
    Manifest.Digest cipher;
    Producer producer = new Producer(r);
    ChunkPipe pipe = producer.pipe;
    if (r.timeout() != null) pipe.readDeadline(System.nanoTime() + r.timeout().toNanos());
    try (FileChannel ch = SafeFiles.createNew(tmp, SafeFiles.PRIVATE_FILE)) {
      Sha256.Out cipherOut = new Sha256.Out(new BufferedOutputStream(wrapper.wrap(Channels.newOutputStream(ch)), 1 << 16));
      String literalName = r.fileName().endsWith(".gpg") ? r.fileName().substring(0, r.fileName().length() - 4) : r.fileName();
      Thread thread = new Thread(producer, "backup-" + r.backup() + "-tar");
      thread.setDaemon(true);
      try {
        OutputStream encrypted = PgpEncryption.open(cipherOut, r.recipients(), literalName);
        Sha256.Out plainOut = new Sha256.Out(encrypted);
        thread.start();
        try (InputStream in = pipe.input()) {
          in.transferTo(plainOut);
        }
        encrypted.close();
        cipherOut.flush();
        ch.force(true);
        join(thread);
        plain = new Manifest.Digest(plainOut.count(), plainOut.hex());
        cipher = new Manifest.Digest(cipherOut.count(), cipherOut.hex());
      } catch (ChunkPipe.TimedOut e) {
        Path reading = r.content().current();
        pipe.input().close();
        thread.interrupt();
        joinBounded(thread);
        throw new IOException("timed out after " + io.hostkeeper.common.config.Durations.format(r.timeout())
            + (reading == null ? "" : " while reading " + reading + " (the read did not return)")
            + "; raise the backup's timeout, or exclude what cannot be read", e);
      } catch (IOException | RuntimeException e) {
        pipe.input().close();
        if (thread.isAlive() || thread.getState() != Thread.State.NEW) joinBounded(thread);
        if (producer.failure != null && !(producer.failure instanceof ReaderGone)) rethrow(producer.failure);
        throw e;
      }
    }
    if (producer.failure != null) rethrow(producer.failure);
    return producer.manifest.withDigests(plain, cipher);
  }

  private static void join(Thread t) throws IOException {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while finishing the archive");
    }
  }

  /** Waits a little for a failed run's tar thread; one stuck in a read is left behind (a daemon). */
  private static void joinBounded(Thread t) throws IOException {
    try {
      t.join(JOIN_AFTER_FAILURE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while stopping the archive");
    }
  }

  private static void rethrow(Throwable t) throws IOException {
    if (t instanceof IOException io) throw io;
    if (t instanceof RuntimeException re) throw re;
    if (t instanceof Error err) throw err;
    throw new IOException(t);
  }

  /** The tar + compression side, on its own thread. */
  private static final class Producer implements Runnable {
    final ChunkPipe pipe = new ChunkPipe(CHUNK, DEPTH);
    final Request r;
    volatile Manifest manifest;
    volatile Throwable failure;

    Producer(Request r) {
      this.r = r;
    }

    @Override
    public void run() {
      OutputStream compressed = null;
      try {
        compressed = Codecs.compress(pipe.output(), r.compression(), r.level());
        TarWriter tar = new TarWriter(compressed, compressed instanceof TarWriter.ContentProbe p ? p : null);
        r.content().writeTo(tar);
        Manifest m = new Manifest(Manifest.FORMAT, r.backup(), r.fileName(), r.created().toString(),
            r.compression().name().toLowerCase(java.util.Locale.ROOT),
            r.recipients().stream().map(RecipientKey::encryptionFingerprint).toList(),
            tar.members(), r.content().problems(), null, null);
        tar.unlisted(Manifest.MEMBER_NAME, m.toJson().getBytes(StandardCharsets.UTF_8), r.created().toEpochMilli());
        tar.close();
        manifest = m;
      } catch (Throwable t) {
        failure = t instanceof IOException io && io.getMessage() != null
            && io.getMessage().startsWith("the reading side") ? new ReaderGone() : t;
        pipe.failWriter(t);
        if (compressed != null) {
          try {
            compressed.close(); // frees the codec's native memory; the pipe already carries the failure
          } catch (IOException | RuntimeException ignored) {
            // the failure above is what is reported
          }
        }
      }
    }
  }

  private static final class ReaderGone extends IOException {
    ReaderGone() {
      super("the archive pipeline's reading side stopped");
    }
  }

  /**
   * SHA-256 of the file as stored: its bytes read back (1 MiB reads), not a decryption. The
   * stream's own SHA-256 was taken on the bytes as they were encrypted, so equal hashes mean the
   * file holds exactly what the encryption produced.
   */
  static String hashFile(Path file) throws IOException {
    java.security.MessageDigest sha = Sha256.digest();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) >= 0; ) sha.update(buf, 0, n);
    }
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  /** Creates {@code file} (which must not exist) 0600, writes {@code content} and fsyncs it. */
  static void writePrivate(Path file, byte[] content) throws IOException {
    try (FileChannel ch = SafeFiles.createNew(file, SafeFiles.PRIVATE_FILE)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
  }
}

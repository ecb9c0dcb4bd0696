package io.hostkeeper.worker.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * gzip (level 6, like gzip's default) on a few cores: the input is cut into 4 MiB chunks, each
 * compressed as its own gzip member, and the members are written in order. Concatenated members are
 * one valid gzip file (RFC 1952 §2.2): {@code gunzip}, {@code zcat} and {@link
 * java.util.zip.GZIPInputStream} read it whole.
 *
 * <p>Housekeeping must not compete with the host's real work: all compressions share one pool of
 * {@link #threads()} daemon threads (half the cores, at least one), created on first use.
 */
final class ParallelGzip {
  private static final int CHUNK = 4 << 20;

  private ParallelGzip() {}

  /** Threads a compression may use: half the cores, at least 1 (zstd's workers use the same cap). */
  static int threads() {
    return threadsFor(Runtime.getRuntime().availableProcessors());
  }

  static int threadsFor(int cores) {
    return Math.max(1, cores / 2);
  }

  /** The one pool every compression shares; lazily created so a worker without logs has no threads. */
  private static final class Pool {
    static final ThreadPoolExecutor SHARED = new ThreadPoolExecutor(threads(), threads(), 0L, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "hostkeeper-gzip");
          t.setDaemon(true);
          t.setPriority(Thread.MIN_PRIORITY);
          return t;
        });
  }

  /**
   * Starts the pool's threads now, with the caller's rights: a thread started while a run_as
   * rotation acts as another user would inherit that user's identity for good (see FsIdentity).
   */
  static void startPool() {
    if (threads() > 1) Pool.SHARED.prestartAllCoreThreads();
  }

  static void compress(InputStream in, OutputStream out) throws IOException {
    compress(in, out, threads());
  }

  /** @param threads 1: on the calling thread; more: in members on the shared pool, at most 2 × threads in flight */
  static void compress(InputStream in, OutputStream out, int threads) throws IOException {
    if (threads == 1) {
      // zlib's default level is 6, gzip's default; 1 MiB reads instead of transferTo's 8 KiB pieces
      try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
        byte[] buf = new byte[1 << 20];
        for (int n; (n = in.read(buf)) >= 0; ) gz.write(buf, 0, n);
      }
      return;
    }
    ExecutorService pool = Pool.SHARED;
    Deque<Future<byte[]>> pending = new ArrayDeque<>();
    try {
      while (true) {
        byte[] chunk = in.readNBytes(CHUNK);
        if (chunk.length == 0) break;
        pending.add(pool.submit(() -> member(chunk)));
        if (pending.size() >= threads * 2) out.write(take(pending));
        if (chunk.length < CHUNK) break;
      }
      while (!pending.isEmpty()) out.write(take(pending));
      out.flush();
    } finally {
      for (Future<byte[]> f : pending) f.cancel(true);
    }
  }

  private static byte[] member(byte[] chunk) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(chunk.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(buf, 1 << 16)) {
      gz.write(chunk);
    }
    return buf.toByteArray();
  }

  private static byte[] take(Deque<Future<byte[]>> pending) throws IOException {
    try {
      return pending.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }
}

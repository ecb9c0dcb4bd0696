package io.hostkeeper.worker.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * gzip (level 6, like gzip's default) on all cores: the input is cut into 4 MiB chunks, each
 * compressed as its own gzip member, and the members are written in order. Concatenated members are
 * one valid gzip file (RFC 1952 §2.2): {@code gunzip}, {@code zcat} and {@link
 * java.util.zip.GZIPInputStream} read it whole.
 */
final class ParallelGzip {
  private static final int CHUNK = 4 << 20;

  private ParallelGzip() {}

  static void compress(InputStream in, OutputStream out) throws IOException {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    if (threads == 1) {
      try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
        in.transferTo(gz);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "hostkeeper-gzip");
      t.setDaemon(true);
      return t;
    });
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
      pool.shutdownNow();
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

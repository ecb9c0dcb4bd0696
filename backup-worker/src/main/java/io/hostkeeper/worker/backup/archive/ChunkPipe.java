package io.hostkeeper.worker.backup.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe between two threads, in chunks: memory use is at most {@code depth + 2} chunks
 * whatever the volume. Either side can fail it; the other side then gets an IOException instead of
 * blocking forever. (java.io's piped streams poll every second and work byte-wise; this does not.)
 */
public final class ChunkPipe {
  private static final byte[] EOF = new byte[0];

  private final BlockingQueue<byte[]> queue;
  /** Full-size chunks the reader is done with, for the writer to fill again (no garbage per chunk). */
  private final BlockingQueue<byte[]> spare;
  private final int chunkSize;
  private volatile Throwable writerFailure;
  private volatile boolean readerClosed;
  /** System.nanoTime() after which the reader gives up; Long.MAX_VALUE: never. */
  private volatile long readDeadline = Long.MAX_VALUE;
  private final Out out;
  private final In in;

  public ChunkPipe(int chunkSize, int depth) {
    if (chunkSize < 1 || depth < 1) throw new IllegalArgumentException("chunk size and depth must be positive");
    this.chunkSize = chunkSize;
    this.queue = new ArrayBlockingQueue<>(depth);
    this.spare = new ArrayBlockingQueue<>(depth + 2);
    this.out = new Out();
    this.in = new In();
  }

  public OutputStream output() {
    return out;
  }

  public InputStream input() {
    return in;
  }

  /**
   * Bounds the reading side: once {@code System.nanoTime()} passes {@code nanoTime} while the reader
   * waits for data, its read throws {@link TimedOut}, whatever the writer thread is stuck in.
   */
  public void readDeadline(long nanoTime) {
    readDeadline = nanoTime;
  }

  /** The reader waited past its deadline. */
  public static final class TimedOut extends IOException {
    public TimedOut() {
      super("timed out waiting for the archive's content");
    }
  }

  /** Called by the writer thread when it fails: the reader sees an IOException with this cause. */
  public void failWriter(Throwable cause) {
    writerFailure = cause;
    offerQuietly(EOF);
  }

  private void offerQuietly(byte[] chunk) {
    queue.clear();
    queue.offer(chunk);
  }

  private final class Out extends OutputStream {
    private byte[] buf;
    private int pos;
    private boolean closed;

    Out() {
      buf = new byte[chunkSize];
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) throw new IOException("pipe closed");
      while (len > 0) {
        int n = Math.min(len, buf.length - pos);
        System.arraycopy(b, off, buf, pos, n);
        pos += n;
        off += n;
        len -= n;
        if (pos == buf.length) flushChunk();
      }
    }

    private void flushChunk() throws IOException {
      if (pos == 0) return;
      byte[] chunk = pos == buf.length ? buf : java.util.Arrays.copyOf(buf, pos);
      put(chunk);
      byte[] again = spare.poll();
      buf = again != null ? again : new byte[chunkSize];
      pos = 0;
    }

    private void put(byte[] chunk) throws IOException {
      try {
        // Only a put that cannot proceed looks at readerClosed: once a chunk (or EOF) is queued the
        // reader may legitimately finish and close at any moment.
        while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          if (readerClosed) throw new IOException("the reading side of the archive pipeline stopped");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing the archive");
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      flushChunk();
      closed = true;
      put(EOF);
    }
  }

  private final class In extends InputStream {
    private byte[] current;
    private int pos;
    private boolean eof;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      if (!next()) return -1;
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    /** Hands each chunk over whole: no copy into a caller's buffer, and large writes downstream. */
    @Override
    public long transferTo(OutputStream out) throws IOException {
      long total = 0;
      while (next()) {
        int n = current.length - pos;
        out.write(current, pos, n);
        pos += n;
        total += n;
      }
      return total;
    }

    /** Makes {@code current} a chunk with bytes left; false at the end of the stream. */
    private boolean next() throws IOException {
      while (current == null || pos == current.length) {
        if (eof) return false;
        // A chunk read to its end goes back to the writer (the caller's copy or write is done with it).
        if (current != null && current.length == chunkSize) spare.offer(current);
        current = null;
        try {
          long deadline = readDeadline;
          if (deadline == Long.MAX_VALUE) {
            current = queue.take();
          } else {
            current = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (current == null) throw new TimedOut();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading the archive");
        }
        pos = 0;
        if (current == EOF) {
          current = null;
          if (writerFailure != null) throw new IOException(writerFailure.getMessage(), writerFailure);
          eof = true;
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() {
      readerClosed = true;
      queue.clear();
    }
  }
}

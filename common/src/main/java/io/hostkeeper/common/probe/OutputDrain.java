package io.hostkeeper.common.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a stream to its end, keeping the first (or the last) {@code limit} bytes and counting all. */
final class OutputDrain implements Runnable {
  private final InputStream in;
  private final int limit;
  private final boolean tail;
  private final byte[] ring;
  private long total;

  OutputDrain(InputStream in, int limit, boolean tail) {
    this.in = in;
    this.limit = limit;
    this.tail = tail;
    this.ring = new byte[limit];
  }

  @Override
  public void run() {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (ring) {
          keep(buf, n);
          total += n;
        }
      }
    } catch (IOException ignored) {
      // closed after a kill: what was read is kept
    }
  }

  /** Head mode: fill the buffer once. Tail mode: a ring whose write position is {@code total % limit}. */
  private void keep(byte[] buf, int n) {
    if (limit == 0) return;
    if (!tail) {
      int room = (int) Math.max(0, limit - total);
      System.arraycopy(buf, 0, ring, (int) Math.min(total, limit), Math.min(room, n));
      return;
    }
    for (int i = Math.max(0, n - limit); i < n; i++) ring[(int) ((total + i) % limit)] = buf[i];
  }

  long total() {
    synchronized (ring) {
      return total;
    }
  }

  String text() {
    synchronized (ring) {
      if (total <= limit) return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
      if (!tail) return new String(ring, 0, limit, StandardCharsets.UTF_8);
      byte[] last = new byte[limit];
      int start = (int) (total % limit);
      System.arraycopy(ring, start, last, 0, limit - start);
      System.arraycopy(ring, 0, last, limit - start, start);
      return fromLineStart(last, limit);
    }
  }

  /** A cut window of output, from just after its first line break (whole when it has none). */
  static String fromLineStart(byte[] window, int length) {
    int from = 0;
    while (from < length - 1 && window[from] != '\n') from++;
    if (from < length - 1) from++;
    else from = 0;
    return new String(window, from, length - from, StandardCharsets.UTF_8);
  }
}

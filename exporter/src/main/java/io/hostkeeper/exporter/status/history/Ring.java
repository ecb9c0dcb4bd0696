package io.hostkeeper.exporter.status.history;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-size ring of (time, value) samples: the oldest is overwritten once it is full, so its
 * memory never grows (12 bytes a slot). A NaN value is a gap: the series was absent at that time.
 * Not thread-safe; {@link History} guards it.
 */
public final class Ring {
  /** One sample: seconds since the epoch, and the value (NaN for a gap). */
  public record Point(long epochSecond, double value) {}

  private final long[] times;
  private final float[] values;
  private int next;
  private int size;

  Ring(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
    times = new long[capacity];
    values = new float[capacity];
  }

  void add(long epochSecond, double value) {
    times[next] = epochSecond;
    values[next] = (float) value;
    next = (next + 1) % times.length;
    if (size < times.length) size++;
  }

  int size() {
    return size;
  }

  int capacity() {
    return times.length;
  }

  /** The samples at or after {@code fromEpochSecond}, oldest first. */
  List<Point> since(long fromEpochSecond) {
    List<Point> out = new ArrayList<>();
    int start = (next - size + times.length) % times.length;
    for (int i = 0; i < size; i++) {
      int at = (start + i) % times.length;
      if (times[at] >= fromEpochSecond) out.add(new Point(times[at], values[at]));
    }
    return out;
  }

  /** The newest sample's value, NaN when empty. */
  double last() {
    return size == 0 ? Double.NaN : values[(next - 1 + times.length) % times.length];
  }
}

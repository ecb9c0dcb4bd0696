package io.hostkeeper.exporter.collector.mdraid;

import java.util.OptionalDouble;

/** Pure decoding of the files of {@code /sys/block/mdN/md/}. */
public final class MdSysfs {
  private MdSysfs() {}

  /** A whole number from a sysfs file's trimmed text; empty for "none", an empty file or anything else. */
  public static OptionalDouble number(String text) {
    if (text == null) return OptionalDouble.empty();
    try {
      return OptionalDouble.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** {@code sync_completed} ("1569888 / 2093056" sectors) as a ratio 0..1; empty for "none" or "delayed". */
  public static OptionalDouble syncCompleted(String text) {
    if (text == null) return OptionalDouble.empty();
    String[] f = text.trim().split("\\s*/\\s*");
    if (f.length != 2) return OptionalDouble.empty();
    try {
      double done = Long.parseLong(f[0]);
      double total = Long.parseLong(f[1]);
      return total > 0 ? OptionalDouble.of(Math.min(1, done / total)) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}

package io.hostkeeper.common.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size such as {@code 100MiB}, {@code 1GB}, {@code 512k} or a plain byte count: a number, at most
 * one space, a unit symbol ({@code 10MB} or {@code 10 MB}), as in {@link Durations}; long unit
 * names ({@code 10 megabytes}) are refused.
 */
public record ByteSize(long bytes) {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([a-zA-Z]*)");

  public ByteSize {
    if (bytes < 0) throw new IllegalArgumentException("size must not be negative");
  }

  public static ByteSize parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) throw new IllegalArgumentException("expected a size such as 100MiB, 1GB or 4096, got \"" + text + "\"");
    long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1L;
      case "k", "kb" -> 1_000L;
      case "kib" -> 1L << 10;
      case "m", "mb" -> 1_000_000L;
      case "mib" -> 1L << 20;
      case "g", "gb" -> 1_000_000_000L;
      case "gib" -> 1L << 30;
      case "t", "tb" -> 1_000_000_000_000L;
      case "tib" -> 1L << 40;
      default -> throw new IllegalArgumentException("unknown size unit \"" + m.group(2) + "\" in \"" + text + "\" (use B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)");
    };
    double value = Double.parseDouble(m.group(1)) * unit;
    if (value > Long.MAX_VALUE / 2) throw new IllegalArgumentException("size too large: \"" + text + "\"");
    return new ByteSize((long) value);
  }
}

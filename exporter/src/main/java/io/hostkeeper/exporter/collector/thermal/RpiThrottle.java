package io.hostkeeper.exporter.collector.thermal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Raspberry Pi firmware throttling flags, from the {@code get_throttled} value (hexadecimal, as in
 * {@code vcgencmd get_throttled}): bits 0-3 are the current state, bits 16-19 whether the same
 * condition has occurred since boot.
 */
public final class RpiThrottle {
  private RpiThrottle() {}

  /** Flag names in bit order (bit 0 and bit 16 are under-voltage, ...). */
  public static final String[] FLAGS = {"under_voltage", "frequency_capped", "throttled", "soft_temp_limit"};

  /** Current and since-boot state of each flag. */
  public record Flags(Map<String, Boolean> now, Map<String, Boolean> sinceBoot) {}

  /** Parses e.g. {@code "50005"} or {@code "0x50005"}; empty for anything else. */
  public static Optional<Flags> parse(String text) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("0x")) s = s.substring(2);
    if (!s.matches("[0-9a-f]{1,8}")) return Optional.empty();
    long bits = Long.parseLong(s, 16);
    Map<String, Boolean> now = new LinkedHashMap<>();
    Map<String, Boolean> since = new LinkedHashMap<>();
    for (int i = 0; i < FLAGS.length; i++) {
      now.put(FLAGS[i], (bits & (1L << i)) != 0);
      since.put(FLAGS[i], (bits & (1L << (16 + i))) != 0);
    }
    return Optional.of(new Flags(now, since));
  }
}

package io.hostkeeper.exporter.collector.thermal;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Pure parsing of sysfs sensor values. Temperatures are millidegrees Celsius, fans RPM. A value
 * that is missing, not a number, or exactly 0 is unknown (drivers write 0 for "no reading", as
 * OSHI's Sensors contract also assumes) and gives no sample. So is a temperature below -100 °C or
 * from 1000 °C up: drivers use such values for "not connected" (it87: -128 °C) and "no limit"
 * (NVMe thresholds of -273.15 °C and 65261.85 °C).
 */
public final class SensorValues {
  private SensorValues() {}

  /** A temperature in degrees Celsius from millidegrees text, e.g. {@code "54000"} is 54.0. */
  public static OptionalDouble celsius(Optional<String> millidegrees) {
    OptionalDouble raw = number(millidegrees);
    if (raw.isEmpty()) return raw;
    double c = raw.getAsDouble() / 1000.0;
    return c < -100 || c >= 1000 ? OptionalDouble.empty() : OptionalDouble.of(c);
  }

  /** A fan speed in RPM; 0 (stopped or not connected: drivers do not tell) gives no sample. */
  public static OptionalDouble rpm(Optional<String> text) {
    OptionalDouble raw = number(text);
    return raw.isPresent() && raw.getAsDouble() < 0 ? OptionalDouble.empty() : raw;
  }

  /** An alarm flag: {@code "1"} on, {@code "0"} off, anything else unknown. */
  public static Optional<Boolean> flag(Optional<String> text) {
    if (text.isEmpty()) return Optional.empty();
    String s = text.get().trim();
    if (s.equals("1")) return Optional.of(true);
    if (s.equals("0")) return Optional.of(false);
    return Optional.empty();
  }

  /** A finite, non-zero number (integer or decimal), else empty. */
  static OptionalDouble number(Optional<String> text) {
    if (text.isEmpty()) return OptionalDouble.empty();
    String s = text.get().trim();
    if (!s.matches("-?\\d{1,12}(\\.\\d{1,9})?")) return OptionalDouble.empty();
    double v = Double.parseDouble(s);
    return v == 0 || !Double.isFinite(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}

package io.hostkeeper.exporter.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hostkeeper.common.config.Threshold;
import io.hostkeeper.common.web.Format;

/**
 * One line of {@code /api/status}: what was checked, its level, and the value behind it.
 *
 * @param name e.g. {@code cpu}, {@code disk:/var}, {@code service:web}
 * @param value the current value in {@code unit}, null when it could not be read
 * @param warning the warning level applied, null if none
 * @param critical the critical level applied, null if none
 * @param detail a short human explanation, null if none
 */
public record StatusCheck(String name, Level level, Double value, String unit, Double warning, Double critical,
    String detail) {

  public StatusCheck {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a status check needs a name");
    if (level == null) throw new IllegalArgumentException("a status check needs a level");
  }

  /** A value judged against a threshold: critical at or above critical, warning at or above warning. */
  public static StatusCheck judge(String name, double value, String unit, Threshold t) {
    return new StatusCheck(name, Level.of(value, t), value, unit, t.warning(), t.critical(), null);
  }

  public static StatusCheck unknown(String name, String detail) {
    return new StatusCheck(name, Level.UNKNOWN, null, null, null, null, detail);
  }

  /**
   * The value rounded for people, with its unit ({@code "2 %"}, {@code "45.3 °C"}), as the status
   * page writes it; null without a value or unit. {@code value} keeps full precision.
   */
  @JsonProperty("display")
  public String display() {
    if (value == null || unit == null) return null;
    return switch (unit) {
      case "percent" -> Format.percent(value);
      case "celsius" -> Format.celsius(value);
      default -> Format.number(value) + " " + unit;
    };
  }
}

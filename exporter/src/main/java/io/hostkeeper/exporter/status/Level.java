package io.hostkeeper.exporter.status;

import com.fasterxml.jackson.annotation.JsonValue;
import io.hostkeeper.common.config.Threshold;

/** Status levels, in rising order of severity; {@code unknown} never raises the overall status. */
public enum Level {
  OK, UNKNOWN, WARNING, CRITICAL;

  @JsonValue
  public String json() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Level of(double value, Threshold t) {
    if (Double.isNaN(value)) return UNKNOWN;
    if (t.critical() != null && value >= t.critical()) return CRITICAL;
    if (t.warning() != null && value >= t.warning()) return WARNING;
    return OK;
  }

  public Level worse(Level other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}

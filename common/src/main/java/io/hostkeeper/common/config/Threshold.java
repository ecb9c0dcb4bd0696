package io.hostkeeper.common.config;

/** A warning and a critical level in the metric's own unit (percent, or °C for temperature). */
public record Threshold(Double warning, Double critical) {
  public Threshold {
    if (warning != null && critical != null && warning > critical) {
      throw new ConfigViolation("warning (" + warning + ") must not exceed critical (" + critical + ")");
    }
  }
}

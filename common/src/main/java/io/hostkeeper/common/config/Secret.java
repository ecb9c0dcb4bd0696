package io.hostkeeper.common.config;

/** A secret value; {@link #toString()} never shows it, so it cannot leak into logs by accident. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = java.util.Objects.requireNonNull(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && java.security.MessageDigest.isEqual(
        s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8), value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0;
  }
}

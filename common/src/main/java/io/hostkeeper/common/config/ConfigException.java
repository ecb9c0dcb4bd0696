package io.hostkeeper.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; {@link #errors()} lists every problem found, sorted by line. */
public final class ConfigException extends RuntimeException {
  private final List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(describe(errors), null, false, false);
    this.errors = List.copyOf(errors);
  }

  public ConfigException(ConfigError error) {
    this(List.of(error));
  }

  public List<ConfigError> errors() {
    return errors;
  }

  private static String describe(List<ConfigError> errors) {
    if (errors.isEmpty()) throw new IllegalArgumentException("a ConfigException needs at least one error");
    if (errors.size() == 1) return errors.get(0).toString();
    return errors.size() + " configuration errors:\n"
        + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
  }
}

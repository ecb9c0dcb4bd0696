package io.hostkeeper.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; {@link #errors()} lists every problem found, sorted by line. */
public final class ConfigException extends RuntimeException {
  private final List<ConfigError> errors;
  private final String source;

  public ConfigException(List<ConfigError> errors) {
    this(errors, null);
  }

  /** @param source the file (or other source) the errors are in, or null when not known */
  public ConfigException(List<ConfigError> errors, String source) {
    super(describe(errors), null, false, false);
    this.errors = List.copyOf(errors);
    this.source = source;
  }

  public ConfigException(ConfigError error) {
    this(List.of(error));
  }

  public List<ConfigError> errors() {
    return errors;
  }

  /** The file the errors are in, or null when the file itself could not be read or is unknown. */
  public String source() {
    return source;
  }

  private static String describe(List<ConfigError> errors) {
    if (errors.isEmpty()) throw new IllegalArgumentException("a ConfigException needs at least one error");
    if (errors.size() == 1) return errors.get(0).toString();
    return errors.size() + " configuration errors:\n"
        + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
  }
}

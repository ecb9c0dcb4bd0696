package io.hostkeeper.common.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The configuration cannot be used; {@link #errors()} lists every problem found, sorted by line. */
public final class ConfigException extends RuntimeException {
  private final List<ConfigError> errors;
  private final String source;
  private final transient LoadedConfig partial;
  private final Set<String> failedSections;

  public ConfigException(List<ConfigError> errors) {
    this(errors, null);
  }

  /** @param source the file (or other source) the errors are in, or null when not known */
  public ConfigException(List<ConfigError> errors, String source) {
    this(errors, source, null, Set.of());
  }

  /**
   * @param partial the file bound with each section that has errors replaced by its default, for
   *     checks that need I/O on the other sections; null when nothing could be bound
   * @param failedSections the top-level keys (e.g. {@code backups}) whose errors are listed here
   */
  ConfigException(List<ConfigError> errors, String source, LoadedConfig partial, Set<String> failedSections) {
    super(describe(errors), null, false, false);
    this.errors = List.copyOf(errors);
    this.source = source;
    this.partial = partial;
    this.failedSections = Set.copyOf(failedSections);
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

  /**
   * What could be bound despite the errors: every section without errors as written, the others
   * as if left out (see {@link #failedSections()}). Empty when the file could not be read or its
   * top level is not a mapping.
   */
  public Optional<LoadedConfig> partial() {
    return Optional.ofNullable(partial);
  }

  /** The top-level sections that have errors; checks of the partial config skip them. */
  public Set<String> failedSections() {
    return failedSections;
  }

  private static String describe(List<ConfigError> errors) {
    if (errors.isEmpty()) throw new IllegalArgumentException("a ConfigException needs at least one error");
    if (errors.size() == 1) return errors.get(0).toString();
    return errors.size() + " configuration errors:\n"
        + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
  }
}

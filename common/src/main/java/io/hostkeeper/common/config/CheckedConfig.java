package io.hostkeeper.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file with every problem found in one pass: the errors of its shape and, on
 * every section whose shape is valid, the problems of the checks that need I/O (key files, paths,
 * directories), even when another section has errors. A user fixes everything in one round.
 *
 * @param loaded the configuration when there is no problem at all; null otherwise
 * @param source the file read, or {@code "embedded defaults"}; null when the file could not be read
 * @param errors every problem, sorted by line
 */
public record CheckedConfig(LoadedConfig loaded, String source, List<ConfigError> errors) {
  private static final Logger log = LoggerFactory.getLogger(CheckedConfig.class);

  public CheckedConfig {
    errors = List.copyOf(errors);
  }

  public boolean valid() {
    return errors.isEmpty();
  }

  /** Finds and reads the file as {@link ConfigLoader#load(Optional)} does, then runs {@code checks}. */
  public static CheckedConfig load(Optional<Path> explicit, Function<LoadedConfig, List<ConfigError>> checks) {
    try {
      return of(ConfigLoader.load(explicit), checks);
    } catch (ConfigException e) {
      return of(e, checks);
    }
  }

  /** {@link #load(Optional, Function)} for YAML text (tests). */
  public static CheckedConfig parse(String yaml, String source, UnaryOperator<String> env,
      Function<LoadedConfig, List<ConfigError>> checks) {
    try {
      return of(ConfigLoader.parse(yaml, source, env), checks);
    } catch (ConfigException e) {
      return of(e, checks);
    }
  }

  /** The checks on a file that bound without error. */
  public static CheckedConfig of(LoadedConfig loaded, Function<LoadedConfig, List<ConfigError>> checks) {
    List<ConfigError> errors = sorted(checks.apply(loaded));
    return new CheckedConfig(errors.isEmpty() ? loaded : null, loaded.source(), errors);
  }

  /** The errors of a file that did not bind, plus the checks' problems in its valid sections. */
  public static CheckedConfig of(ConfigException e, Function<LoadedConfig, List<ConfigError>> checks) {
    List<ConfigError> errors = new ArrayList<>(e.errors());
    e.partial().ifPresent(partial -> {
      List<ConfigError> more;
      try {
        more = checks.apply(partial);
      } catch (RuntimeException bug) {
        // The checks are written for a whole valid file; the shape errors above still stand.
        log.debug("checks on the valid sections failed", bug);
        more = List.of();
      }
      for (ConfigError c : more) {
        if (!e.failedSections().contains(YamlNodes.sectionOf(c.path()))) errors.add(c);
      }
    });
    return new CheckedConfig(null, e.source(), sorted(errors));
  }

  /** Throws the problems as one {@link ConfigException}, for start-up; returns the configuration when valid. */
  public LoadedConfig orThrow() {
    if (!errors.isEmpty()) throw new ConfigException(errors, source);
    return loaded;
  }

  private static List<ConfigError> sorted(List<ConfigError> errors) {
    List<ConfigError> out = new ArrayList<>(errors);
    out.sort(Comparator.comparingInt(ConfigError::line));
    return out;
  }
}

package io.hostkeeper.common.config;

import java.util.Map;
import java.util.Objects;

/**
 * A bound configuration, where it came from, and the line of every YAML path that was written in
 * the file (so checks done later, such as "this key file exists", can point at the right line).
 */
public final class LoadedConfig {
  private final HostkeeperConfig config;
  private final String source;
  private final Map<String, Integer> lines;

  /** A configuration without line information (e.g. built in a test): {@link #lineOf} is -1. */
  public LoadedConfig(HostkeeperConfig config, String source) {
    this(config, source, Map.of());
  }

  LoadedConfig(HostkeeperConfig config, String source, Map<String, Integer> lines) {
    this.config = Objects.requireNonNull(config, "config");
    this.source = Objects.requireNonNull(source, "source");
    this.lines = Map.copyOf(lines);
  }

  public HostkeeperConfig config() {
    return config;
  }

  /** The same file and lines with {@code replaced} as its configuration (command-line overrides). */
  public LoadedConfig withConfig(HostkeeperConfig replaced) {
    return new LoadedConfig(replaced, source, lines);
  }

  /** The file that was read, or {@code "embedded defaults"}. */
  public String source() {
    return source;
  }

  /** The 1-based line of a YAML path such as {@code backups[0].recipients[1]}; -1 if not written in the file. */
  public int lineOf(String yamlPath) {
    return lines.getOrDefault(yamlPath, -1);
  }

  /** An error at {@code yamlPath}, with its line: for checks that run after binding. */
  public ConfigError errorAt(String yamlPath, String message) {
    return new ConfigError(yamlPath, lineOf(yamlPath), message);
  }

  @Override
  public String toString() {
    return "LoadedConfig[source=" + source + ", config=" + config + "]";
  }
}

package io.hostkeeper.common.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Binds a YAML document other than {@code hostkeeper.yml} (such as a web-config file) to a record
 * with the same binder, limits and error style: every error with its YAML path and line, unknown
 * keys refused by name. Values are taken as written ({@code ${env:...}} is not interpreted), as the
 * tools that share the format do.
 */
public final class YamlDocument {
  private YamlDocument() {}

  /**
   * A bound document and the line of each YAML path written in it.
   *
   * @param value the record
   * @param lines 1-based lines by YAML path such as {@code tls_server_config.cert_file}
   */
  public record Bound<T>(T value, Map<String, Integer> lines) {
    public Bound {
      lines = Map.copyOf(lines);
    }

    /** The line of {@code path}, or -1 when it was not written. */
    public int lineOf(String path) {
      return lines.getOrDefault(path, -1);
    }
  }

  /**
   * @param source names the document in errors
   * @throws ConfigException listing every problem, each with its path and line
   */
  public static <T> Bound<T> bind(String yaml, String source, Class<T> type) {
    Node root;
    try {
      root = ConfigLoader.compose(yaml);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : "cannot read YAML";
      throw new ConfigException(List.of(new ConfigError("", mark == null ? -1 : mark.getLine() + 1,
          "YAML syntax error: " + ConfigLoader.withoutContent(problem.strip()))), source);
    } catch (YAMLException e) {
      throw new ConfigException(List.of(new ConfigError("", -1, "cannot read YAML")), source);
    }
    if (root != null && !(root instanceof MappingNode) && !YamlNodes.isNull(root)) {
      throw new ConfigException(List.of(new ConfigError("", 1, "expected a mapping of keys at the top level, got "
          + YamlNodes.kind(root))), source);
    }
    YamlBinder binder = new YamlBinder(null);
    T value = binder.bindRoot(root, type);
    if (value == null || !binder.errors().isEmpty()) throw new ConfigException(binder.errors(), source);
    return new Bound<>(value, binder.lines());
  }
}

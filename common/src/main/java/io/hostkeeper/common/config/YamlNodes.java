package io.hostkeeper.common.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Node and type helpers of {@link YamlBinder}. */
final class YamlNodes {
  /** Parsed {@code @Default} texts by "record#component" (RecordComponent objects are not reused). */
  private static final Map<String, Node> DEFAULTS = Collections.synchronizedMap(new HashMap<>());

  private YamlNodes() {}

  static Node defaultNode(RecordComponent c, Default d) {
    return DEFAULTS.computeIfAbsent(c.getDeclaringRecord().getName() + "#" + c.getName(), k -> {
      Node n;
      try {
        n = ConfigLoader.compose(d.value());
      } catch (YAMLException e) {
        // Text YAML cannot read unquoted, such as "@daily": take it as the plain string it is meant to be.
        n = new ScalarNode(Tag.STR, d.value(), null, null, DumperOptions.ScalarStyle.PLAIN);
      }
      if (n == null) throw new IllegalStateException("empty @Default on " + c);
      return n;
    });
  }

  static int lineOf(Node node, int fallback, YamlBinder.Where where) {
    return where == YamlBinder.Where.USER && node.getStartMark() != null ? node.getStartMark().getLine() + 1 : fallback;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  static String describe(Node node) {
    if (node instanceof MappingNode) return "a mapping";
    if (node instanceof SequenceNode) return "a list";
    if (isNull(node)) return "nothing";
    return Texts.quote(((ScalarNode) node).getValue());
  }

  /** What kind of node this is, never its content: "a mapping", "a list", "nothing" or "a text". */
  static String kind(Node node) {
    if (node instanceof ScalarNode && !isNull(node)) return "a text";
    return describe(node);
  }

  /** The section (top-level key) of a YAML path such as {@code backups[0].recipients[1]}; empty for the root. */
  static String sectionOf(String path) {
    if (path == null) return "";
    int end = path.length();
    int dot = path.indexOf('.');
    int bracket = path.indexOf('[');
    if (dot >= 0) end = Math.min(end, dot);
    if (bracket >= 0) end = Math.min(end, bracket);
    return path.substring(0, end);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) return c;
    if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
    throw new IllegalStateException("unsupported config type " + type);
  }

  static Type typeArg(Type type, int i) {
    if (type instanceof ParameterizedType p) return p.getActualTypeArguments()[i];
    throw new IllegalStateException("raw collection type in a config record: " + type);
  }
}

package io.hostkeeper.common.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a SnakeYAML node tree to immutable records by reflection, following the rules in the
 * javadoc of {@link Default}, {@link Required} and {@link Nullable}. It knows nothing about the
 * hostkeeper schema: adding a component to a record needs no change here.
 *
 * <p>Every error is collected (binding continues with the siblings of a bad value) together with
 * its YAML path and line; a record is only constructed when all its components bound.
 */
final class YamlBinder {
  /** Marks a value that could not be bound; its error has been recorded. */
  private static final Object FAILED = new Object();
  private static final int MAX_DEPTH = 64;
  private static final Map<RecordComponent, Node> DEFAULTS = Collections.synchronizedMap(new HashMap<>());

  private final EnvInterpolator env;
  private final List<ConfigError> errors = new ArrayList<>();
  private final Map<String, Integer> lines = new HashMap<>();

  YamlBinder(UnaryOperator<String> env) {
    this.env = new EnvInterpolator(env);
  }

  List<ConfigError> errors() {
    List<ConfigError> sorted = new ArrayList<>(errors);
    sorted.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return sorted;
  }

  Map<String, Integer> lines() {
    return lines;
  }

  /** Binds the document root; a null root (empty document) binds as an empty mapping. Null if any error. */
  <T> T bindRoot(Node root, Class<T> type) {
    Object v = root == null || isNull(root) ? bindRecord(type, null, "", 1, Where.DEFAULT, 0) : bind(type, root, "", 1, Where.USER, 0);
    return v == FAILED || !errors.isEmpty() ? null : type.cast(v);
  }

  /** Whether a node comes from the user's file (lines are real) or from a {@code @Default} text. */
  private enum Where { USER, DEFAULT }

  /**
   * @param line the line to report for this value: its own when from the file, else the nearest
   *     line the user wrote
   */
  private Object bind(Type type, Node node, String path, int line, Where where, int depth) {
    if (depth > MAX_DEPTH) return error(path, line, "nested too deeply (more than " + MAX_DEPTH + " levels)");
    Class<?> raw = rawClass(type);
    if (raw.isRecord() && !Scalars.isScalarType(raw)) return bindRecord(raw, node, path, line, where, depth);
    if (raw == List.class) return bindList(typeArg(type, 0), node, path, line, where, depth);
    if (raw == Map.class) return bindMap(typeArg(type, 1), node, path, line, where, depth);
    return bindScalar(raw, node, path, line);
  }

  private Object bindScalar(Class<?> type, Node node, String path, int line) {
    if (!(node instanceof ScalarNode scalar)) return error(path, line, Scalars.expected(type) + ", got " + describe(node));
    try {
      return Scalars.convert(type, env.apply(scalar.getValue()));
    } catch (IllegalArgumentException e) {
      return error(path, line, e.getMessage());
    }
  }

  private Object bindList(Type element, Node node, String path, int line, Where where, int depth) {
    if (!(node instanceof SequenceNode seq)) {
      return error(path, line, "expected a list (\"- item\" lines or [a, b]), got " + describe(node));
    }
    List<Object> out = new ArrayList<>(seq.getValue().size());
    boolean ok = true;
    int i = 0;
    for (Node item : seq.getValue()) {
      String itemPath = path + "[" + i++ + "]";
      int itemLine = lineOf(item, line, where);
      if (where == Where.USER) lines.putIfAbsent(itemPath, itemLine);
      Object v = isNull(item)
          ? error(itemPath, itemLine, "empty list item; remove the \"-\" or give a value")
          : bind(element, item, itemPath, itemLine, where, depth + 1);
      if (v == FAILED) ok = false;
      else out.add(v);
    }
    return ok ? Collections.unmodifiableList(out) : FAILED;
  }

  private Object bindMap(Type valueType, Node node, String path, int line, Where where, int depth) {
    Map<String, NodeTuple> entries = entries(node, path, line, where, depth);
    if (entries == null) return FAILED;
    Map<String, Object> out = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      String childPath = join(path, e.getKey());
      int childLine = lineOf(e.getValue().getKeyNode(), line, where);
      if (where == Where.USER) lines.putIfAbsent(childPath, childLine);
      Node value = e.getValue().getValueNode();
      Object v = isNull(value)
          ? error(childPath, childLine, "a value is required")
          : bind(valueType, value, childPath, childLine, where, depth + 1);
      if (v == FAILED) ok = false;
      else out.put(e.getKey(), v);
    }
    return ok ? Collections.unmodifiableMap(out) : FAILED;
  }

  /** @param node null for an absent record, bound as an empty mapping */
  private Object bindRecord(Class<?> type, Node node, String path, int line, Where where, int depth) {
    Map<String, NodeTuple> entries = node == null || isNull(node) ? Map.of() : entries(node, path, line, where, depth);
    if (entries == null) return FAILED;
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byKey = new LinkedHashMap<>();
    for (RecordComponent c : components) byKey.put(KeyNames.snake(c.getName()), c);
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!byKey.containsKey(e.getKey())) {
        String hint = KeyNames.closest(e.getKey(), byKey.keySet());
        error(join(path, e.getKey()), lineOf(e.getValue().getKeyNode(), line, where),
            "unknown key; " + (hint != null ? "did you mean " + hint + "?" : "allowed keys here: " + String.join(", ", byKey.keySet())));
      }
    }
    Object[] args = new Object[components.length];
    boolean ok = true;
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      String key = KeyNames.snake(c.getName());
      String childPath = join(path, key);
      NodeTuple given = entries.get(key);
      Object v;
      if (given != null) {
        int childLine = lineOf(given.getKeyNode(), line, where);
        if (where == Where.USER) lines.putIfAbsent(childPath, childLine);
        Node value = given.getValueNode();
        v = isNull(value) ? bindNull(c, childPath, childLine, where, depth) : bind(c.getGenericType(), value, childPath, childLine, where, depth + 1);
      } else {
        v = bindAbsent(c, childPath, line, depth);
      }
      if (v == FAILED) ok = false;
      else args[i] = v;
    }
    if (!ok) return FAILED;
    return construct(type, components, args, path, line, entries, where);
  }

  /** {@code key:} with no value, or {@code ~}: like leaving the key out, except that a record gets its defaults. */
  private Object bindNull(RecordComponent c, String path, int line, Where where, int depth) {
    Class<?> raw = c.getType();
    if (raw.isRecord() && !Scalars.isScalarType(raw)) return bindRecord(raw, null, path, line, where, depth + 1);
    if (raw == List.class) return List.of();
    if (raw == Map.class) return Map.of();
    if (c.isAnnotationPresent(Required.class) || (raw.isPrimitive() && !c.isAnnotationPresent(Default.class))) {
      return error(path, line, "a value is required; " + Scalars.expected(raw).replaceFirst("^expected ", "give "));
    }
    return bindAbsent(c, path, line, depth);
  }

  private Object bindAbsent(RecordComponent c, String path, int parentLine, int depth) {
    Default d = c.getAnnotation(Default.class);
    if (d != null) return bind(c.getGenericType(), defaultNode(c, d), path, parentLine, Where.DEFAULT, depth + 1);
    Class<?> raw = c.getType();
    if (c.isAnnotationPresent(Required.class) || raw.isPrimitive()) return error(path, parentLine, "required key is missing");
    if (raw.isRecord() && !Scalars.isScalarType(raw)) {
      return c.isAnnotationPresent(Nullable.class) ? null : bindRecord(raw, null, path, parentLine, Where.DEFAULT, depth + 1);
    }
    if (raw == List.class) return List.of();
    if (raw == Map.class) return Map.of();
    return null;
  }

  private Object construct(Class<?> type, RecordComponent[] components, Object[] args, String path, int line,
      Map<String, NodeTuple> entries, Where where) {
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigViolation v) {
        String key = v.key();
        NodeTuple at = key == null ? null : entries.get(key);
        return error(key == null ? path : join(path, key), at == null ? line : lineOf(at.getKeyNode(), line, where), v.getMessage());
      }
      if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) return error(path, line, iae.getMessage());
      throw new IllegalStateException("bug: constructing " + type.getSimpleName() + " at " + (path.isEmpty() ? "the root" : path) + " failed", cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /**
   * The entries of a mapping by key, with YAML merge keys ({@code <<: *anchor}) applied; keys
   * written in the mapping win over merged ones. Null (with the error recorded) if not a mapping.
   */
  private Map<String, NodeTuple> entries(Node node, String path, int line, Where where, int depth) {
    if (!(node instanceof MappingNode map)) {
      error(path, line, "expected a mapping (\"key: value\" lines or {key: value}), got " + describe(node));
      return null;
    }
    if (depth > MAX_DEPTH) {
      error(path, line, "nested too deeply (more than " + MAX_DEPTH + " levels)");
      return null;
    }
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    List<Node> merged = new ArrayList<>();
    for (NodeTuple t : map.getValue()) {
      Node k = t.getKeyNode();
      int keyLine = lineOf(k, line, where);
      if (!(k instanceof ScalarNode ks)) {
        error(path, keyLine, "keys must be plain names, got " + describe(k));
        continue;
      }
      if (Tag.MERGE.equals(ks.getTag())) {
        Node v = t.getValueNode();
        if (v instanceof SequenceNode s) merged.addAll(s.getValue());
        else merged.add(v);
        continue;
      }
      String key = ks.getValue();
      NodeTuple first = out.putIfAbsent(key, t);
      if (first != null) {
        error(join(path, key), keyLine, "duplicate key (first given on line " + lineOf(first.getKeyNode(), line, where) + ")");
      }
    }
    for (Node m : merged) {
      Map<String, NodeTuple> inherited = m instanceof MappingNode ? entries(m, path, line, where, depth + 1) : null;
      if (inherited == null) {
        if (!(m instanceof MappingNode)) error(path, line, "<< (merge) needs a mapping or a list of mappings, got " + describe(m));
        continue;
      }
      inherited.forEach(out::putIfAbsent);
    }
    return out;
  }

  private Object error(String path, int line, String message) {
    errors.add(new ConfigError(path, line, message));
    return FAILED;
  }

  private static Node defaultNode(RecordComponent c, Default d) {
    return DEFAULTS.computeIfAbsent(c, k -> {
      Node n;
      try {
        n = ConfigLoader.compose(d.value());
      } catch (org.yaml.snakeyaml.error.YAMLException e) {
        // Text YAML cannot read unquoted, such as "@daily": take it as the plain string it is meant to be.
        n = new ScalarNode(Tag.STR, d.value(), null, null, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
      }
      if (n == null) throw new IllegalStateException("empty @Default on " + c);
      return n;
    });
  }

  private static int lineOf(Node node, int fallback, Where where) {
    return where == Where.USER && node.getStartMark() != null ? node.getStartMark().getLine() + 1 : fallback;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) return "a mapping";
    if (node instanceof SequenceNode) return "a list";
    if (isNull(node)) return "nothing";
    return Texts.quote(((ScalarNode) node).getValue());
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) return c;
    if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
    throw new IllegalStateException("unsupported config type " + type);
  }

  private static Type typeArg(Type type, int i) {
    if (type instanceof ParameterizedType p) return p.getActualTypeArguments()[i];
    throw new IllegalStateException("raw collection type in a config record: " + type);
  }
}

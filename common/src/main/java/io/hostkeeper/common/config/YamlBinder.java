package io.hostkeeper.common.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  /** The parser's nesting limit: binding never goes deeper than a document may nest. */
  private static final int MAX_DEPTH = ConfigLoader.MAX_NESTING;
  /**
   * Values bound per document, counting each alias expansion again: aliases below the alias limit
   * can still multiply work (9 aliases of a list of 9 aliases of ...), so binding stops here.
   */
  static final int MAX_VALUES = 100_000;

  /** A secret's whole value is one environment reference. */
  private static final java.util.regex.Pattern ENV_ONLY = java.util.regex.Pattern.compile("\\s*\\$\\{env:[^}]*\\}\\s*");

  private final EnvInterpolator env;
  private final List<ConfigError> errors = new ArrayList<>();
  private final Map<String, Integer> lines = new HashMap<>();
  private int values;

  /** @param env the environment for {@code ${env:NAME}}; null: every value is taken as written */
  YamlBinder(UnaryOperator<String> env) {
    this.env = env == null ? null : new EnvInterpolator(env);
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
    Sections<T> s = bindSections(root, type);
    return errors.isEmpty() ? s.partial() : null;
  }

  /**
   * The root bound section by section (a section is one key at the top, e.g. {@code backups}).
   *
   * @param partial the root with every section that has an error replaced by its default (an empty
   *     list, a record of defaults), so checks that need I/O can still run on the valid sections;
   *     null when the root itself is unusable (not a mapping). Equal to the whole config without errors.
   * @param failed the keys of the sections that had errors
   */
  record Sections<T>(T partial, Set<String> failed) {}

  <T> Sections<T> bindSections(Node root, Class<T> type) {
    Node node = root == null || YamlNodes.isNull(root) ? null : root;
    Where where = node == null ? Where.DEFAULT : Where.USER;
    Map<String, NodeTuple> entries = node == null ? Map.of() : entries(node, "", 1, where, 0);
    if (entries == null) return new Sections<>(null, Set.of());
    RecordComponent[] components = type.getRecordComponents();
    reportUnknownKeys(components, entries, "", 1, where);
    Object[] args = new Object[components.length];
    Set<String> failed = new LinkedHashSet<>();
    for (int i = 0; i < components.length; i++) {
      int before = errors.size();
      Object v = bindComponent(components[i], entries, "", 1, where, 0);
      if (v == FAILED || errors.size() > before) {
        // A failed section falls back to what leaving it out means (the root's sections are never @Required).
        failed.add(KeyNames.snake(components[i].getName()));
        v = bindAbsent(components[i], KeyNames.snake(components[i].getName()), 1, 0);
      }
      args[i] = v;
    }
    // A violation of the root record (e.g. two services with one name) fails its section; try again without it.
    for (int attempt = 0; attempt <= components.length; attempt++) {
      Object built;
      try {
        built = instantiate(type, components, args);
      } catch (ConfigViolation v) {
        recordViolation(v, "", 1, where);
        String section = YamlNodes.sectionOf(v.key());
        int i = indexOf(components, section);
        if (i < 0 || failed.contains(section)) return new Sections<>(null, Set.copyOf(failed));
        failed.add(section);
        args[i] = bindAbsent(components[i], section, 1, 0);
        continue;
      }
      if (built == FAILED) return new Sections<>(null, Set.copyOf(failed));
      return new Sections<>(type.cast(built), Set.copyOf(failed));
    }
    return new Sections<>(null, Set.copyOf(failed));
  }

  private static int indexOf(RecordComponent[] components, String key) {
    for (int i = 0; i < components.length; i++) {
      if (KeyNames.snake(components[i].getName()).equals(key)) return i;
    }
    return -1;
  }

  /** Whether a node comes from the user's file (lines are real) or from a {@code @Default} text. */
  enum Where { USER, DEFAULT }

  /**
   * @param line the line to report for this value: its own when from the file, else the nearest
   *     line the user wrote
   */
  private Object bind(Type type, Node node, String path, int line, Where where, int depth) {
    if (depth > MAX_DEPTH) return error(path, line, "nested too deeply (more than " + MAX_DEPTH + " levels)");
    if (++values > MAX_VALUES) {
      if (values == MAX_VALUES + 1) {
        error(path, line, "the document has more than " + MAX_VALUES + " values once aliases are expanded; use fewer aliases");
      }
      return FAILED;
    }
    Class<?> raw = YamlNodes.rawClass(type);
    if (raw.isRecord() && !Scalars.isScalarType(raw)) {
      if (node instanceof ScalarNode && raw.isAnnotationPresent(Shorthand.class)) return bindScalar(raw, node, path, line);
      return bindRecord(raw, node, path, line, where, depth);
    }
    if (raw == List.class) return bindList(YamlNodes.typeArg(type, 0), node, path, line, where, depth);
    if (raw == Map.class) return bindMap(YamlNodes.typeArg(type, 1), node, path, line, where, depth);
    return bindScalar(raw, node, path, line);
  }

  private Object bindScalar(Class<?> type, Node node, String path, int line) {
    if (!(node instanceof ScalarNode scalar)) return error(path, line, Scalars.expected(type) + ", got " + YamlNodes.describe(node));
    String raw = scalar.getValue();
    if (type == Secret.class && !ENV_ONLY.matcher(raw).matches()) {
      String key = path.substring(path.lastIndexOf('.') + 1);
      return error(path, line, "a secret is never written inline in the file (it is shared, copied and backed up):"
          + " write ${env:NAME} here, or put it in a file readable only by the service and set " + key + "_file instead");
    }
    String text;
    try {
      text = env == null ? raw : env.apply(raw);
    } catch (IllegalArgumentException e) {
      return error(path, line, e.getMessage());
    }
    try {
      return Scalars.convert(type, text);
    } catch (IllegalArgumentException e) {
      // A value from the environment may be a secret: say where it came from, never what it is.
      String message = text.equals(raw) ? e.getMessage()
          : Scalars.expected(type) + ", got the value of " + Texts.quote(raw) + " (not shown)";
      return error(path, line, message);
    }
  }

  private Object bindList(Type element, Node node, String path, int line, Where where, int depth) {
    if (!(node instanceof SequenceNode seq)) {
      return error(path, line, "expected a list (\"- item\" lines or [a, b]), got " + YamlNodes.describe(node));
    }
    List<Object> out = new ArrayList<>(seq.getValue().size());
    boolean ok = true;
    int i = 0;
    for (Node item : seq.getValue()) {
      String itemPath = path + "[" + i++ + "]";
      int itemLine = YamlNodes.lineOf(item, line, where);
      if (where == Where.USER) lines.putIfAbsent(itemPath, itemLine);
      Object v = YamlNodes.isNull(item)
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
      String childPath = YamlNodes.join(path, e.getKey());
      int childLine = YamlNodes.lineOf(e.getValue().getKeyNode(), line, where);
      if (where == Where.USER) lines.putIfAbsent(childPath, childLine);
      Node value = e.getValue().getValueNode();
      Object v = YamlNodes.isNull(value)
          ? error(childPath, childLine, "a value is required")
          : bind(valueType, value, childPath, childLine, where, depth + 1);
      if (v == FAILED) ok = false;
      else out.put(e.getKey(), v);
    }
    return ok ? Collections.unmodifiableMap(out) : FAILED;
  }

  /** @param node null for an absent record, bound as an empty mapping */
  private Object bindRecord(Class<?> type, Node node, String path, int line, Where where, int depth) {
    Map<String, NodeTuple> entries = node == null || YamlNodes.isNull(node) ? Map.of() : entries(node, path, line, where, depth);
    if (entries == null) return FAILED;
    RecordComponent[] components = type.getRecordComponents();
    reportUnknownKeys(components, entries, path, line, where);
    Object[] args = new Object[components.length];
    boolean ok = true;
    for (int i = 0; i < components.length; i++) {
      Object v = bindComponent(components[i], entries, path, line, where, depth);
      if (v == FAILED) ok = false;
      else args[i] = v;
    }
    if (!ok) return FAILED;
    return construct(type, components, args, path, line, where);
  }

  private void reportUnknownKeys(RecordComponent[] components, Map<String, NodeTuple> entries, String path, int line, Where where) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent c : components) keys.add(KeyNames.snake(c.getName()));
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!keys.contains(e.getKey())) {
        String hint = KeyNames.closest(e.getKey(), keys);
        error(YamlNodes.join(path, e.getKey()), YamlNodes.lineOf(e.getValue().getKeyNode(), line, where),
            "unknown key; " + (hint != null ? "did you mean " + hint + "?" : "allowed keys here: " + String.join(", ", keys)));
      }
    }
  }

  private Object bindComponent(RecordComponent c, Map<String, NodeTuple> entries, String path, int line, Where where, int depth) {
    String key = KeyNames.snake(c.getName());
    String childPath = YamlNodes.join(path, key);
    NodeTuple given = entries.get(key);
    if (given == null) return bindAbsent(c, childPath, line, depth);
    int childLine = YamlNodes.lineOf(given.getKeyNode(), line, where);
    if (where == Where.USER) lines.putIfAbsent(childPath, childLine);
    Node value = given.getValueNode();
    return YamlNodes.isNull(value) ? bindNull(c, childPath, childLine, where, depth) : bind(c.getGenericType(), value, childPath, childLine, where, depth + 1);
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
    if (d != null) return bind(c.getGenericType(), YamlNodes.defaultNode(c, d), path, parentLine, Where.DEFAULT, depth + 1);
    Class<?> raw = c.getType();
    if (c.isAnnotationPresent(Required.class) || raw.isPrimitive()) return error(path, parentLine, "required key is missing");
    if (raw.isRecord() && !Scalars.isScalarType(raw)) {
      return c.isAnnotationPresent(Nullable.class) ? null : bindRecord(raw, null, path, parentLine, Where.DEFAULT, depth + 1);
    }
    if (raw == List.class) return List.of();
    if (raw == Map.class) return Map.of();
    return null;
  }

  private Object construct(Class<?> type, RecordComponent[] components, Object[] args, String path, int line, Where where) {
    try {
      return instantiate(type, components, args);
    } catch (ConfigViolation v) {
      return recordViolation(v, path, line, where);
    }
  }

  /** The record, or FAILED with the error recorded; a {@link ConfigViolation} is thrown on to the caller. */
  private Object instantiate(Class<?> type, RecordComponent[] components, Object[] args) {
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) types[i] = components[i].getType();
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigViolation v) throw v;
      if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
        throw new ConfigViolation(iae.getMessage());
      }
      throw new IllegalStateException("bug: constructing " + type.getSimpleName() + " failed", cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  private Object recordViolation(ConfigViolation v, String path, int line, Where where) {
    // The key may also be a path below the record, such as "services[1].name".
    String key = v.key();
    String at = key == null ? path : key.startsWith("[") ? path + key : YamlNodes.join(path, key);
    Integer atLine = where == Where.USER ? lines.get(at) : null;
    return error(at, atLine != null ? atLine : line, v.getMessage());
  }

  /**
   * The entries of a mapping by key, with YAML merge keys ({@code <<: *anchor}) applied; keys
   * written in the mapping win over merged ones. Null (with the error recorded) if not a mapping.
   */
  private Map<String, NodeTuple> entries(Node node, String path, int line, Where where, int depth) {
    if (!(node instanceof MappingNode map)) {
      error(path, line, "expected a mapping (\"key: value\" lines or {key: value}), got " + YamlNodes.describe(node));
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
      int keyLine = YamlNodes.lineOf(k, line, where);
      if (!(k instanceof ScalarNode ks)) {
        error(path, keyLine, "keys must be plain names, got " + YamlNodes.describe(k));
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
        error(YamlNodes.join(path, key), keyLine, "duplicate key (first given on line " + YamlNodes.lineOf(first.getKeyNode(), line, where) + ")");
      }
    }
    for (Node m : merged) {
      Map<String, NodeTuple> inherited = m instanceof MappingNode ? entries(m, path, line, where, depth + 1) : null;
      if (inherited == null) {
        if (!(m instanceof MappingNode)) error(path, line, "<< (merge) needs a mapping or a list of mappings, got " + YamlNodes.describe(m));
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

}

package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guards the records that other areas extend: every type must bind and every default must be valid. */
class SchemaTest {
  @Test
  void everyComponentTypeIsBindable() {
    List<String> problems = new ArrayList<>();
    for (ConfigSchema.Key k : ConfigSchema.keys()) {
      Type t = k.component().getGenericType();
      while (t instanceof ParameterizedType p && (p.getRawType() == List.class || p.getRawType() == Map.class)) {
        Type[] args = p.getActualTypeArguments();
        if (p.getRawType() == Map.class && args[0] != String.class) problems.add(k.path() + ": map keys must be String");
        t = args[args.length - 1];
      }
      if (!(t instanceof Class<?> cls) || !(cls.isRecord() || Scalars.isScalarType(cls))) {
        problems.add(k.path() + ": no binding for " + t.getTypeName());
      }
      if (t == List.class || t == Map.class) problems.add(k.path() + ": raw collection type");
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void primitivesHaveADefaultOrAreRequired() {
    for (ConfigSchema.Key k : ConfigSchema.keys()) {
      RecordComponent c = k.component();
      if (c.getType().isPrimitive() && !c.isAnnotationPresent(Default.class) && !c.isAnnotationPresent(Required.class)) {
        fail(k.path() + " is a primitive without @Default or @Required");
      }
    }
  }

  @Test
  void everyDefaultBindsAsItsOwnType() {
    // Bind each default through a one-component document built from the record that declares it.
    for (ConfigSchema.Key k : ConfigSchema.keys()) {
      Default d = k.component().getAnnotation(Default.class);
      if (d == null) continue;
      assertTrue(!k.component().isAnnotationPresent(Required.class), k.path() + " is both @Default and @Required");
      String doc = documentSetting(k.path(), d.value());
      if (doc == null) continue; // reached only through required siblings: covered by the example test
      try {
        ConfigLoader.parse(doc, "default of " + k.path(), n -> null);
      } catch (ConfigException e) {
        fail("default of " + k.path() + " does not bind: " + e.getMessage() + "\n" + doc);
      }
    }
  }

  /** A document setting one key under sections that need no other key; null when a list item is on the way. */
  private static String documentSetting(String path, String value) {
    if (path.contains("[]")) return null;
    String[] parts = path.split("\\.");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      sb.append("  ".repeat(i)).append(parts[i]).append(':');
      sb.append(i == parts.length - 1 ? " " + quoteIfNeeded(value) + "\n" : "\n");
    }
    return sb.toString();
  }

  private static String quoteIfNeeded(String v) {
    return v.startsWith("@") ? "'" + v + "'" : v;
  }

  @Test
  void defaultsInsideListItemsBindToo() {
    // The list sections: an item with its required keys only, so every default of the item applies.
    String doc = """
        services:
          - name: a
            check: {http: {url: "http://127.0.0.1/"}}
            restart: {}
          - {name: b, check: {tcp: {address: "127.0.0.1:1"}}}
          - {name: c, check: {process: {match: x}}}
          - {name: d, check: {dns: {name: example.org}}}
          - {name: e, check: {command: {command: [true]}}}
        backups:
          - {name: a, schedule: "@daily", sources: [{path: /a}], recipients: [/k.asc], destination: /d}
        logs:
          - {path: /var/log/x.log, create: {}}
        databases:
          - path: /x.db
            delete_older_than: [{table: t, column: c, age: 7d}]
        """;
    HostkeeperConfig c = ConfigLoader.parse(doc, "t", n -> null).config();
    assertEquals("@weekly", c.databases().get(0).schedule().expression());
    assertEquals(1000, c.databases().get(0).deleteOlderThan().get(0).batchSize());
  }
}

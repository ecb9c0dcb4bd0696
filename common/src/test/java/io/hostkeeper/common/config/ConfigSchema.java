package io.hostkeeper.common.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Walks the config records reflectively: every key path of the schema, for tests that must not fall behind it. */
final class ConfigSchema {
  /** A key of the schema: {@code services[].check.http.url}, with the component it binds. */
  record Key(String path, RecordComponent component) {}

  private ConfigSchema() {}

  static List<Key> keys() {
    List<Key> out = new ArrayList<>();
    walk(HostkeeperConfig.class, "", out, 0);
    return out;
  }

  private static void walk(Class<?> record, String prefix, List<Key> out, int depth) {
    if (depth > 20) throw new IllegalStateException("schema recursion at " + prefix);
    for (RecordComponent c : record.getRecordComponents()) {
      String path = prefix.isEmpty() ? KeyNames.snake(c.getName()) : prefix + "." + KeyNames.snake(c.getName());
      out.add(new Key(path, c));
      Type t = c.getGenericType();
      String suffix = "";
      while (t instanceof ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        if (raw == List.class) {
          suffix += "[]";
          t = p.getActualTypeArguments()[0];
        } else if (raw == Map.class) {
          suffix += ".*";
          t = p.getActualTypeArguments()[1];
        } else {
          break;
        }
      }
      if (t instanceof Class<?> cls && cls.isRecord() && !Scalars.isScalarType(cls)) walk(cls, path + suffix, out, depth + 1);
    }
  }
}

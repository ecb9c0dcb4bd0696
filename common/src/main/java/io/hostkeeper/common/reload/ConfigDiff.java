package io.hostkeeper.common.reload;

import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.KeyNames;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two configurations, for the reload log: one line per section that changed,
 * naming the keys of a section (e.g. {@code exporter: max_staleness, collectors changed}) and the
 * items of a list by name (e.g. {@code backups: added app2; removed old; changed app}). Values are
 * compared by their text ({@link java.util.regex.Pattern} has no equality) and never shown, so a
 * secret cannot reach the log.
 */
public final class ConfigDiff {
  private ConfigDiff() {}

  /** Empty when nothing changed. */
  public static List<String> between(HostkeeperConfig before, HostkeeperConfig after) {
    List<String> lines = new ArrayList<>();
    for (RecordComponent c : HostkeeperConfig.class.getRecordComponents()) {
      String section = snake(c.getName());
      Object a = value(c, before);
      Object b = value(c, after);
      if (text(a).equals(text(b))) continue;
      if (a instanceof List<?> la && b instanceof List<?> lb) lines.add(section + ": " + listChanges(la, lb));
      else if (a instanceof Record ra && b instanceof Record rb) lines.add(section + ": " + String.join(", ", changedKeys(ra, rb)) + " changed");
      else lines.add(section + " changed");
    }
    return lines;
  }

  /** The keys (snake_case) of a record whose values differ; empty when equal. */
  public static List<String> changedKeys(Record before, Record after) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent c : before.getClass().getRecordComponents()) {
      if (!text(value(c, before)).equals(text(value(c, after)))) keys.add(snake(c.getName()));
    }
    return keys;
  }

  private static String listChanges(List<?> before, List<?> after) {
    Map<String, String> a = byName(before);
    Map<String, String> b = byName(after);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, String> e : b.entrySet()) {
      String old = a.get(e.getKey());
      if (old == null) added.add(e.getKey());
      else if (!old.equals(e.getValue())) changed.add(e.getKey());
    }
    for (String k : a.keySet()) if (!b.containsKey(k)) removed.add(k);
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) parts.add("added " + String.join(", ", added));
    if (!removed.isEmpty()) parts.add("removed " + String.join(", ", removed));
    if (!changed.isEmpty()) parts.add("changed " + String.join(", ", changed));
    return parts.isEmpty() ? "reordered" : String.join("; ", parts);
  }

  /** Items by their name, else their path, else their position. */
  private static Map<String, String> byName(List<?> items) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String key = component(item, "name");
      if (key == null) key = component(item, "path");
      if (key == null || out.containsKey(key)) key = "#" + i;
      out.put(key, text(item));
    }
    return out;
  }

  private static String component(Object item, String name) {
    if (!(item instanceof Record r)) return null;
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        Object v = value(c, r);
        return v == null ? null : v.toString();
      }
    }
    return null;
  }

  private static Object value(RecordComponent c, Object record) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c, e);
    }
  }

  private static String text(Object o) {
    return Objects.toString(o);
  }

  private static String snake(String camel) {
    return KeyNames.snake(camel);
  }
}

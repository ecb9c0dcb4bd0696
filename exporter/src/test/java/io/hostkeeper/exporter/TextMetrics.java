package io.hostkeeper.exporter;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal reader of the Prometheus text format for tests: series → value. */
public final class TextMetrics {
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Map<String, Map<Map<String, String>, Double>> byName = new HashMap<>();

  public static TextMetrics parse(String body) {
    TextMetrics m = new TextMetrics();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        Matcher lm = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
        while (lm.find()) labels.put(lm.group(1), lm.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
      } else {
        name = line.substring(0, line.indexOf(' '));
      }
      m.byName.computeIfAbsent(name, k -> new HashMap<>()).put(labels, Double.parseDouble(line.substring(space + 1)));
    }
    return m;
  }

  /** Every series of {@code name}: labels → value (empty when the metric is absent). */
  public Map<Map<String, String>, Double> series(String name) {
    return byName.getOrDefault(name, Map.of());
  }

  /** The value of the series of {@code name} with exactly {@code labels} (name, value pairs), or null. */
  public Double value(String name, String... labels) {
    Map<String, String> l = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) l.put(labels[i], labels[i + 1]);
    return series(name).get(l);
  }
}

package io.hostkeeper.exporter.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The text of one host's file_sd file, in the format of the shipped {@code targets/this-host.yml}
 * (one target group per process, {@code __role} choosing the scrape job), and the reading back of
 * such a file for {@code targets list}. Pure: no I/O.
 */
public final class TargetFile {
  /** What {@code targets list} shows of one file. */
  public record Entry(String file, String role, String target, Map<String, String> labels) {}

  private TargetFile() {}

  public static String render(HostTarget host) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Host ").append(host.name()).append(", written by hostkeeper-exporter targets add.\n");
    sb.append("# Prometheus re-reads this file on change; remove it with: hostkeeper-exporter targets remove ")
        .append(host.name()).append('\n');
    for (Map.Entry<String, String> g : host.groups()) {
      sb.append("- targets: [").append(quote(g.getValue())).append("]\n");
      sb.append("  labels:\n");
      for (Map.Entry<String, String> l : host.allLabels().entrySet()) {
        sb.append("    ").append(l.getKey()).append(": ").append(quote(l.getValue())).append('\n');
      }
      sb.append("    __role: ").append(g.getKey()).append('\n');
    }
    return sb.toString();
  }

  /** A YAML double-quoted scalar (valid JSON string too). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /**
   * The target groups of a file_sd YAML text, one entry per target. A text that is not a list of
   * target groups throws with what is wrong (Prometheus would ignore such a file).
   */
  public static List<Entry> parse(String fileName, String yaml) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(fileName + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    List<Entry> out = new ArrayList<>();
    if (doc == null) return out;
    if (!(doc instanceof List<?> groups)) throw new IllegalArgumentException(fileName + ": not a list of target groups");
    for (Object g : groups) {
      if (!(g instanceof Map<?, ?> group) || !(group.get("targets") instanceof List<?> targets)) {
        throw new IllegalArgumentException(fileName + ": a target group without a targets: list");
      }
      Map<String, String> labels = new java.util.LinkedHashMap<>();
      if (group.get("labels") instanceof Map<?, ?> m) m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
      String role = labels.remove("__role");
      for (Object t : targets) out.add(new Entry(fileName, role == null ? "-" : role, String.valueOf(t), Map.copyOf(labels)));
    }
    return out;
  }
}

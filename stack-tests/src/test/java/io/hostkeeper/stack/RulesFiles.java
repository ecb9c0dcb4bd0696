package io.hostkeeper.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The shipped rule files and their promtool test files, read as YAML. */
final class RulesFiles {
  private RulesFiles() {}

  record Rule(Path file, String group, String alert, String record, String expr, String forDuration,
              Map<String, Object> labels, Map<String, Object> annotations) {}

  static Object yaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  static List<Path> ruleFiles() {
    return list(Repo.path("prometheus", "rules"));
  }

  static List<Path> testFiles() {
    return list(Repo.path("prometheus", "tests"));
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Rule> rules(Path file) {
    Map<String, Object> doc = (Map<String, Object>) yaml(Repo.read(file));
    List<Rule> out = new ArrayList<>();
    for (Object g : (List<Object>) doc.get("groups")) {
      String group = (String) ((Map<String, Object>) g).get("name");
      for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
        Map<String, Object> m = (Map<String, Object>) r;
        out.add(new Rule(file, group, (String) m.get("alert"), (String) m.get("record"), String.valueOf(m.get("expr")),
            (String) m.get("for"), (Map<String, Object>) m.getOrDefault("labels", Map.of()),
            (Map<String, Object>) m.getOrDefault("annotations", Map.of())));
      }
    }
    return out;
  }

  static List<Rule> allRules() {
    return ruleFiles().stream().flatMap(f -> rules(f).stream()).toList();
  }
}

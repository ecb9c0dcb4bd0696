package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** examples/hostkeeper.yml must bind, and must show every key of the schema (so it cannot fall behind). */
class ExampleConfigTest {
  static final Path EXAMPLE = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "examples", "hostkeeper.yml");
  /** A commented-out alternative: "# key: value" (a lower-case key right after "# "). */
  static final Pattern ALTERNATIVE = Pattern.compile("^(\\s*)# ([a-z_]+:(?: .*)?)$");

  static String example() throws Exception {
    Path p = Files.exists(EXAMPLE) ? EXAMPLE : Path.of("examples", "hostkeeper.yml");
    return Files.readString(p);
  }

  @Test
  void theExampleIsValid() throws Exception {
    LoadedConfig loaded = ConfigLoader.parse(example(), "examples/hostkeeper.yml", name -> null);
    HostkeeperConfig c = loaded.config();
    assertEquals(6, c.services().size());
    assertEquals(Set.of("http", "tcp", "systemd", "process", "dns", "command"),
        Set.copyOf(c.services().stream().map(s -> s.check().kind()).toList()));
    assertEquals(1, c.backups().size());
    assertTrue(loaded.lineOf("backups[0].recipients[0]") > 0);
  }

  @Test
  void theAlternativesAreValidToo() throws Exception {
    // With every "# key: value" line switched on in place of the key above it, the file still binds.
    String alt = alternatives(example(), true);
    LoadedConfig loaded = ConfigLoader.parse(alt, "alternatives", name -> name.equals("HOSTKEEPER_ADMIN_TOKEN") ? "t" : null);
    assertTrue(loaded.config().worker().admin().token() != null);
    assertFalse(loaded.config().exporter().collectors().enable().isEmpty());
  }

  @Test
  void everyKeyOfTheSchemaIsInTheExample() throws Exception {
    Set<String> shown = new TreeSet<>();
    collect(ConfigLoader.compose(example()), "", shown);
    collect(ConfigLoader.compose(alternatives(example(), false)), "", shown);
    List<String> missing = new ArrayList<>();
    for (ConfigSchema.Key k : ConfigSchema.keys()) {
      if (!shown.contains(k.path())) missing.add(k.path());
    }
    assertEquals(List.of(), missing, "keys missing from examples/hostkeeper.yml (add each with a comment)");
  }

  @Test
  void everyKeyLineHasAComment() throws Exception {
    // A key with a scalar value carries a trailing comment, or the comment line(s) right above it.
    List<String> bare = new ArrayList<>();
    String[] lines = example().split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (!line.matches("\\s*(- )?[a-z_]+:.*") || line.contains(" # ")) continue;
      String prev = i > 0 ? lines[i - 1].trim() : "";
      boolean section = line.trim().endsWith(":");
      boolean commentedAbove = prev.startsWith("#");
      boolean thresholdOrRetention = line.matches("\\s+(cpu|memory|disk|temperature|swap|keep_[a-z]+): .*");
      if (!section && !commentedAbove && !thresholdOrRetention) bare.add((i + 1) + ": " + line.trim());
    }
    assertEquals(List.of(), bare);
  }

  /**
   * The example with "# key: value" lines uncommented. With {@code replace}, each one replaces the
   * key just above it at the same indentation (they are alternatives, not additions).
   */
  static String alternatives(String text, boolean replace) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      Matcher m = ALTERNATIVE.matcher(line);
      if (!m.matches()) {
        out.add(line);
        continue;
      }
      String uncommented = m.group(1) + m.group(2);
      if (replace) {
        for (int j = out.size() - 1; j >= 0; j--) {
          String prev = out.get(j);
          if (prev.trim().startsWith("#")) continue;
          if (prev.startsWith(m.group(1)) && !Character.isWhitespace(prev.charAt(m.group(1).length()))) out.set(j, m.group(1) + "#");
          break;
        }
      }
      out.add(uncommented);
    }
    return String.join("\n", out);
  }

  private static void collect(Node node, String path, Set<String> out) {
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) continue;
        String p = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
        out.add(p);
        collect(t.getValueNode(), p, out);
      }
    } else if (node instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) collect(item, path + "[]", out);
    }
  }
}

package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durations and sizes share one grammar (a number, at most one space, a unit symbol). The table
 * is the one in docs/configuration.md, so the reference cannot drift from the parsers.
 */
class UnitGrammarTest {
  static final Path DOC = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "configuration.md");
  static final String MARKER = "<!-- unit grammar table -->";

  static Stream<Arguments> documentedRows() throws Exception {
    Path doc = Files.exists(DOC) ? DOC : Path.of("docs", "configuration.md");
    List<String> lines = Files.readAllLines(doc);
    int at = lines.indexOf(MARKER);
    assertTrue(at >= 0, "docs/configuration.md lacks " + MARKER);
    List<Arguments> rows = new ArrayList<>();
    for (int i = at + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String[] cells = lines.get(i).split("\\|");
      rows.add(Arguments.of(code(cells[1]), code(cells[2]), code(cells[3])));
    }
    assertTrue(rows.size() >= 10, "the table has its rows");
    return rows.stream();
  }

  private static String code(String cell) {
    String t = cell.strip();
    return t.startsWith("`") && t.endsWith("`") ? t.substring(1, t.length() - 1) : t;
  }

  @ParameterizedTest(name = "\"{0}\": duration {1}, size {2}")
  @MethodSource("documentedRows")
  void parsersReadWhatTheDocSays(String written, String asDuration, String asSize) {
    if (asDuration.equals("refused")) {
      assertThrows(IllegalArgumentException.class, () -> Durations.parse(written));
    } else {
      assertEquals(asDuration, Durations.format(Durations.parse(written)));
    }
    if (asSize.equals("refused")) {
      assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(written));
    } else {
      assertEquals(Long.parseLong(asSize), ByteSize.parse(written).bytes());
    }
  }

  @Test
  void bothAreReadTheSameWayInAFile() {
    LoadedConfig c = ConfigLoader.parse("worker:\n  history_retention: 30 d\nlogs:\n  - path: /var/log/a.log\n    size: 10 MB\n",
        "t", n -> null);
    assertEquals(java.time.Duration.ofDays(30), c.config().worker().historyRetention());
    assertEquals(10_000_000L, c.config().logs().get(0).size().bytes());
  }
}

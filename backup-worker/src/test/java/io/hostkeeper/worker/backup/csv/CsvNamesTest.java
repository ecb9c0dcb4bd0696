package io.hostkeeper.worker.backup.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile table names become one plain, distinct path segment under the database's .csv directory. */
class CsvNamesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "users | users",
      "order_items-2 | order_items-2",
      "../../etc/x | %2E%2E%2F%2E%2E%2Fetc%2Fx",
      ". | %2E",
      ".. | %2E%2E",
      ".hidden | %2Ehidden",
      "'' | %",
      "100% | 100%25",
      "a b,c | a%20b%2Cc",
      "C:\\x | C%3A%5Cx",
      "Zoë 日本 | Zoë%20日本",
  })
  void encodes(String table, String expected) {
    assertEquals(expected, CsvNames.encode(table));
  }

  @Test
  void controlAndFormatCharactersAreEncoded() {
    assertEquals("a%2Fb%00c", CsvNames.encode("a/b\0c"));
    assertEquals("x%0Ay", CsvNames.encode("x\ny"));
    assertEquals("%E2%80%AEevil", CsvNames.encode("\u202Eevil"), "a right-to-left override is not shown as is");
  }

  @Test
  void membersStayUnderTheDatabasesDirectory() {
    assertEquals("srv/app.db.csv/%2E%2E%2Fx.csv", CsvNames.table("srv/app.db", "../x"));
    assertEquals("srv/app.db.csv/queries/active_users.csv", CsvNames.query("srv/app.db", "active_users"));
    assertEquals("srv/app.db.csv/queries.csv", CsvNames.table("srv/app.db", "queries"), "a table never meets the queries directory");
  }

  @Test
  void longNamesAreCutWithAHashAndStayDistinct() {
    String a = "t".repeat(300) + "a";
    String b = "t".repeat(300) + "b";
    String ea = CsvNames.encode(a);
    assertTrue(ea.getBytes(StandardCharsets.UTF_8).length <= CsvNames.MAX_ENCODED, ea);
    assertTrue(ea.matches("t{160}~[0-9a-f]{16}"), ea);
    assertNotEquals(ea, CsvNames.encode(b));
    String slashes = CsvNames.encode("/".repeat(200));
    assertTrue(slashes.matches("(%2F){53}~[0-9a-f]{16}"), "an escape is never cut in half: " + slashes);
  }

  @Test
  void everyEncodingIsOneSafeDistinctSegment() {
    List<String> names = List.of("", ".", "..", "...", "/", "//", "a/", "/a", "a\\b", "\0", "%", "%25", "%2F", "~", "a~b",
        "A", "a", "é", "e\u0301", "x.csv", "x%2Ecsv", " ", "\t", "\u00a0", "\uFEFF", "con", "🎉");
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      String e = CsvNames.encode(n);
      assertFalse(e.contains("/") || e.contains("\\") || e.contains("\0") || e.startsWith(".") || e.isEmpty(), n + " -> " + e);
      assertTrue(e.codePoints().allMatch(cp -> cp > 0x20 && cp != 0x7f), n + " -> " + e);
      assertTrue(seen.add(e), "two names share " + e);
    }
  }
}

package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** backups[].sources[].csv: true, false, or {all_tables, tables, queries}; errors at the key's path and line. */
class CsvExportConfigTest {
  static String yaml(String... csvLines) {
    return String.join("\n",
        "backups:",
        "  - name: app",
        "    schedule: \"@daily\"",
        "    sources:",
        "      - sqlite: /srv/app.db",
        String.join("\n", csvLines),
        "    recipients: [/etc/hk/pub.asc]",
        "    destination: /var/backups",
        "");
  }

  static CsvExportConfig csv(String... lines) {
    return ConfigLoader.parse(yaml(lines), "t.yml").config().backups().get(0).sources().get(0).csv();
  }

  static String errors(String... lines) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml(lines), "t.yml"));
    return e.errors().toString();
  }

  @Test
  void absentOrFalseMeansNoExport() {
    assertNull(csv(""));
    assertNull(csv("        csv: false"));
  }

  @Test
  void trueIsEveryTable() {
    CsvExportConfig c = csv("        csv: true");
    assertTrue(c.allTables());
    assertEquals(List.of(), c.tables());
  }

  @Test
  void mappingNamesTablesAndQueries() {
    CsvExportConfig c = csv(
        "        csv:",
        "          tables: [users, \"order items\"]",
        "          queries:",
        "            active_users: \"SELECT id, email FROM users WHERE active = 1\"",
        "            totals: |",
        "              WITH t AS (SELECT user_id, sum(n) s FROM orders GROUP BY 1)",
        "              SELECT * FROM t;  -- done");
    assertEquals(List.of("users", "order items"), c.tables());
    assertEquals(List.of("active_users", "totals"), List.copyOf(c.queries().keySet()));
    assertTrue(!c.allTables());
  }

  @Test
  void allTablesWithQueries() {
    CsvExportConfig c = csv("        csv: {all_tables: true, queries: {n: \"SELECT count(*) FROM users\"}}");
    assertTrue(c.allTables());
    assertEquals(Map.of("n", "SELECT count(*) FROM users"), c.queries());
  }

  @Test
  void aWritingQueryIsRefusedAtItsLine() {
    String shown = errors(
        "        csv:",
        "          queries:",
        "            ok: \"SELECT 1\"",
        "            wipe: \"DELETE FROM users\"");
    assertTrue(shown.contains("backups[0].sources[0].csv.queries.wipe") && shown.contains("line 9")
        && shown.contains("not DELETE"), shown);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "csv: yes | expected true (every table), false, or a mapping",
      "csv: {} | name at least one table or query",
      "csv: {all_tables: true, tables: [a]} | all_tables: true already exports every table",
      "csv: {tables: [a, A]} | is listed twice",
      "csv: {tables: [\"\"]} | empty table name",
      "csv: {queries: {\"../x\": \"SELECT 1\"}} | a query name must be",
      "csv: {queries: {a: \"SELECT 1\", A: \"SELECT 2\"}} | only in case",
      "csv: {queries: {a: \"SELECT 1; DROP TABLE users\"}} | more than one statement",
      "csv: {queries: {a: \"WITH x AS (SELECT 1) DELETE FROM users\"}} | not a WITH ... DELETE",
      "csv: {querys: {a: \"SELECT 1\"}} | did you mean queries",
  })
  void refused(String line, String message) {
    String shown = errors("        " + line);
    assertTrue(shown.contains("backups[0].sources[0].csv") && shown.contains(message), shown);
  }

  @Test
  void csvOnAPathSourceIsRefused() {
    String shown = errors("      - path: /srv/files", "        csv: true");
    assertTrue(shown.contains("backups[0].sources[1].csv") && shown.contains("applies to sqlite sources only"), shown);
  }
}

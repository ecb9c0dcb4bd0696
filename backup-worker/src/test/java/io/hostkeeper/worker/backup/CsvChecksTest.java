package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config compiles the CSV queries and looks up the tables against the live database, at their lines. */
class CsvChecksTest {
  @TempDir Path dir;

  private List<String> check(Path db, String csvLines) throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    String yaml = """
        backups:
          - name: app
            schedule: "@daily"
            sources:
              - sqlite: %s
        %s
            recipients: [%s]
            destination: %s
        """.formatted(db, csvLines, keys.publicKey(), dir.resolve("dest"));
    return BackupChecks.check(ConfigLoader.parse(yaml, "test.yml")).stream().map(ConfigError::toString).toList();
  }

  private Path database() throws Exception {
    Path db = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, active INTEGER)");
      st.execute("CREATE VIEW active AS SELECT * FROM users WHERE active");
    }
    return db;
  }

  @Test
  void aMissingTableAndABrokenQueryAreReportedAtTheirLines() throws Exception {
    Path db = database();
    List<String> errors = check(db, String.join("\n",
        "        csv:",
        "          tables: [USERS, active, orders]",
        "          queries:",
        "            ok: \"SELECT id FROM users\"",
        "            typo: \"SELECT emial FROM users\"",
        "            syntax: \"SELECT id FROM users WHERE id = = 1\""));
    assertEquals(3, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("backups[0].sources[0].csv.tables[2]: line 7: no table or view \"orders\" in " + db
        + " (tables: \"active\", \"users\")"), errors.get(0));
    assertEquals("backups[0].sources[0].csv.queries.typo: line 10: the query does not compile against " + db
        + ": no such column: emial", errors.get(1));
    assertTrue(errors.get(2).startsWith("backups[0].sources[0].csv.queries.syntax: line 11: ")
        && errors.get(2).contains("syntax error"), errors.get(2));
  }

  @Test
  void aGoodExportAndADatabaseNotThereYetPass() throws Exception {
    assertEquals(List.of(), check(database(), "        csv: {tables: [users], queries: {n: \"SELECT count(*) FROM active\"}}"));
    Files.createDirectories(dir.resolve("later"));
    assertEquals(List.of(), check(dir.resolve("later/app.db"), "        missing_ok: true\n        csv: true"));
    Path notADatabase = Files.writeString(dir.resolve("text.db"), "not sqlite ".repeat(100));
    assertEquals(List.of(), check(notADatabase, "        csv: {queries: {n: \"SELECT 1\"}}"), "the run reports it");
  }
}

package io.hostkeeper.worker.backup.csv;

import io.hostkeeper.common.config.CsvExportConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The check-config side of CSV exports: against the live database, opened read-only, every listed
 * table exists and every query compiles (syntax, tables, columns), so such mistakes show at their
 * YAML line instead of failing the first backup. Nothing is read but the schema. A database that
 * does not exist yet or cannot be opened now is not judged here (the run reports it).
 */
public final class CsvChecks {
  private static final int BUSY_TIMEOUT_MS = 2_000;

  /** A problem at {@code key} below the source's {@code csv} (e.g. {@code tables[1]}, {@code queries.active}). */
  public record Problem(String key, String message) {}

  private CsvChecks() {}

  public static List<Problem> check(Path database, CsvExportConfig csv) {
    List<Problem> out = new ArrayList<>();
    if (!Files.isRegularFile(database)) return out;
    SQLiteConfig ro = new SQLiteConfig();
    ro.setReadOnly(true);
    ro.setBusyTimeout(BUSY_TIMEOUT_MS);
    try (Connection c = ro.createConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = ON");
        st.executeQuery("SELECT count(*) FROM sqlite_schema").close(); // not a database, locked: not judged here
      }
      for (int i = 0; i < csv.tables().size(); i++) {
        String t = csv.tables().get(i);
        if (SqliteCsvExport.canonicalTable(c, t) == null) {
          out.add(new Problem("tables[" + i + "]", "no table or view " + SqliteCsvExport.quote(t) + " in " + database
              + " (tables: " + String.join(", ", SqliteCsvExport.listTables(c)) + ")"));
        }
      }
      for (Map.Entry<String, String> q : csv.queries().entrySet()) {
        try (PreparedStatement ps = c.prepareStatement(q.getValue())) {
          if (ps.getMetaData().getColumnCount() == 0) {
            out.add(new Problem("queries." + q.getKey(), "the query returns no columns; give a SELECT"));
          }
        } catch (SQLException e) {
          out.add(new Problem("queries." + q.getKey(), "the query does not compile against " + database + ": "
              + SqliteCsvExport.sqliteMessage(e)));
        }
      }
    } catch (SQLException e) {
      // locked, not a database, no rights: the run says so with its own message
    }
    return out;
  }
}

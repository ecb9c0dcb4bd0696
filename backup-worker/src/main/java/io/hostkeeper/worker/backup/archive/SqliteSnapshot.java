package io.hostkeeper.worker.backup.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A consistent online copy of a live SQLite database with {@code VACUUM INTO}: it runs inside one
 * read transaction, so it sees every committed transaction (including ones still only in the WAL)
 * and none that commit later, never blocks writers in WAL mode, and never restarts the way the
 * backup API does when the source changes under it. The copy is then switched to rollback-journal
 * mode, so it is one self-contained file. Never a byte copy of the live file.
 */
public final class SqliteSnapshot {
  private static final int BUSY_TIMEOUT_MS = 30_000;

  private SqliteSnapshot() {}

  /** Writes the snapshot of {@code database} to {@code target} (which must not exist). */
  public static void take(Path database, Path target) throws IOException {
    if (!Files.isRegularFile(database)) throw new SourceProblem("SQLite database " + database + " does not exist");
    Files.deleteIfExists(target);
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    try (Connection c = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
      try (PreparedStatement st = c.prepareStatement("VACUUM INTO ?")) {
        st.setString(1, target.toAbsolutePath().toString());
        st.execute();
      }
    } catch (SQLException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage();
      if (msg.contains("SQLITE_NOTADB") || msg.contains("not a database")) {
        throw new SourceProblem(database + " is not an SQLite database");
      }
      throw new SourceProblem("cannot snapshot SQLite database " + database + ": " + msg, e);
    }
    SQLiteConfig snap = new SQLiteConfig();
    snap.resetOpenMode(SQLiteOpenMode.CREATE);
    try (Connection c = snap.createConnection("jdbc:sqlite:" + target.toAbsolutePath());
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=DELETE")) {
        if (!rs.next() || !"delete".equalsIgnoreCase(rs.getString(1))) {
          throw new IOException("could not take the snapshot of " + database + " out of WAL mode");
        }
      }
    } catch (SQLException e) {
      throw new IOException("cannot finish the snapshot of " + database + ": " + e.getMessage(), e);
    }
  }
}

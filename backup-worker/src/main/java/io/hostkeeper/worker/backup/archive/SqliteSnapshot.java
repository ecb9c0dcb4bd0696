package io.hostkeeper.worker.backup.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.core.DB;
import org.sqlite.SQLiteOpenMode;

/**
 * A consistent online copy of a live SQLite database through SQLite's online backup API, copying
 * every page in ONE step: that step runs inside one read transaction, so it sees every committed
 * transaction (including ones still only in the WAL) and none that commit later, does not block
 * writers in WAL mode, and cannot be restarted by them (a backup copied in many small steps
 * restarts whenever another connection writes, and may never finish under a steady writer). It
 * copies pages rather than rebuilding the database as {@code VACUUM INTO} does, which costs a
 * fraction of the CPU. The copy is then switched to rollback-journal mode, so it is one
 * self-contained file. Never a byte copy of the live file.
 */
public final class SqliteSnapshot {
  private static final int BUSY_TIMEOUT_MS = 30_000;
  private static final int BUSY_RETRY_SLEEP_MS = 100;
  /** sqlite3_backup_step(-1): all pages in one step, one read transaction. */
  private static final int ALL_PAGES = -1;

  private SqliteSnapshot() {}

  /** Writes the snapshot of {@code database} to {@code target} (which must not exist). */
  public static void take(Path database, Path target) throws IOException {
    if (!Files.isRegularFile(database)) throw new SourceProblem("SQLite database " + database + " does not exist");
    Files.deleteIfExists(target);
    // Created empty and private first (an empty file is an empty database to SQLite): the copy holds
    // the database's content and must not be readable by others while it exists.
    io.hostkeeper.common.fs.SafeFiles.createNew(target, io.hostkeeper.common.fs.SafeFiles.PRIVATE_FILE).close();
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    try (Connection c = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
      DB db = c.unwrap(SQLiteConnection.class).getDatabase();
      int rc = db.backup("main", target.toAbsolutePath().toString(), (remaining, total) -> { },
          BUSY_RETRY_SLEEP_MS, BUSY_TIMEOUT_MS / BUSY_RETRY_SLEEP_MS, ALL_PAGES);
      if (rc != SQLiteErrorCode.SQLITE_OK.code && rc != SQLiteErrorCode.SQLITE_DONE.code) {
        throw new SQLException("backup API returned " + SQLiteErrorCode.getErrorCode(rc));
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

package io.hostkeeper.worker.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The individual maintenance statements, each on an open autocommit connection. */
final class SqliteSteps {
  static final int MAX_MESSAGES = 20;

  private SqliteSteps() {}

  /**
   * integrity_check / quick_check: "ok" or the first problems found. A database that another
   * connection keeps locked past the busy timeout is busy, not damaged: that error is thrown.
   */
  static StepResult check(Connection c, String pragma, long started) throws SQLException {
    List<String> messages = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma + "(" + MAX_MESSAGES + ")")) {
      while (rs.next()) messages.add(rs.getString(1));
    } catch (SQLException e) {
      if (io.hostkeeper.worker.history.BusyRetry.isBusy(e)) throw e;
      messages.add(e.getMessage());
    }
    boolean ok = messages.equals(List.of("ok"));
    Map<String, Object> found = Map.of("ok", ok, "messages", messages);
    return ok ? new StepResult(pragma, StepResult.Status.OK, "no problems found", found, seconds(started))
        : new StepResult(pragma, StepResult.Status.FAILED, "the database is damaged: " + messages.get(0)
            + (messages.size() > 1 ? " (and " + (messages.size() - 1) + " more)" : "")
            + "; restore it from a backup or try `sqlite3 DB .recover`", found, seconds(started));
  }

  /** wal_checkpoint(TRUNCATE): copies the WAL into the database and empties it. */
  static StepResult walCheckpoint(Connection c, long started) throws SQLException {
    if (!"wal".equalsIgnoreCase(journalMode(c))) {
      return new StepResult("wal_checkpoint", StepResult.Status.SKIPPED, "not in WAL mode (journal_mode=" + journalMode(c) + ")", Map.of(), seconds(started));
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      rs.next();
      int busy = rs.getInt(1);
      Map<String, Object> found = Map.of("busy", busy == 1, "wal_frames", rs.getInt(2), "checkpointed_frames", rs.getInt(3));
      if (busy == 1) {
        return new StepResult("wal_checkpoint", StepResult.Status.FAILED,
            "a reader or writer kept the checkpoint from completing within the busy timeout; it will be retried next run", found, seconds(started));
      }
      return new StepResult("wal_checkpoint", StepResult.Status.OK, "checkpointed " + rs.getInt(3) + " frames, WAL truncated", found, seconds(started));
    }
  }

  /**
   * VACUUM, outside any transaction, after checking there is room for the copy it writes.
   * Reclaimed bytes are counted in pages (page_count × page_size) so that they do not depend on
   * when the WAL is checkpointed; the WAL is checkpointed afterwards so the file shrinks now.
   */
  static StepResult vacuum(Connection c, Path db, DiskSpace disk, long started) throws SQLException, IOException {
    long fileSize = Files.size(db);
    long free = disk.usableBytes(db.toAbsolutePath().getParent());
    if (free < fileSize) {
      return new StepResult("vacuum", StepResult.Status.SKIPPED, "not enough free disk: VACUUM needs about the database's size ("
          + fileSize + " B) free next to it, only " + free + " B are available", Map.of("free_bytes", free, "needed_bytes", fileSize), seconds(started));
    }
    if (!c.getAutoCommit()) throw new IllegalStateException("VACUUM must never run inside a transaction");
    long before = pages(c);
    long freelist = pragmaLong(c, "freelist_count") * pragmaLong(c, "page_size");
    try (Statement s = c.createStatement()) {
      s.execute("VACUUM");
    }
    if ("wal".equalsIgnoreCase(journalMode(c))) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
    long after = pages(c);
    Map<String, Object> found = new LinkedHashMap<>();
    found.put("bytes_before", before);
    found.put("bytes_after", after);
    found.put("reclaimed_bytes", before - after);
    found.put("free_pages_bytes_before", freelist);
    return new StepResult("vacuum", StepResult.Status.OK, "reclaimed " + (before - after) + " B", found, seconds(started));
  }

  static StepResult simple(Connection c, String step, String sql, long started) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
    return new StepResult(step, StepResult.Status.OK, "done", Map.of(), seconds(started));
  }

  static String journalMode(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      return rs.next() ? rs.getString(1) : "unknown";
    }
  }

  static long pages(Connection c) throws SQLException {
    return pragmaLong(c, "page_count") * pragmaLong(c, "page_size");
  }

  static long pragmaLong(Connection c, String pragma) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}

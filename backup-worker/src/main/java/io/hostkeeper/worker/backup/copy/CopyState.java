package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.worker.history.AreaDb;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The last outcome of each copy, in the worker's state database (area "backup-copy"), so the
 * last success survives a restart and the CLI, the admin API and the status page can show it.
 */
public final class CopyState {
  static final List<String> MIGRATIONS = List.of("""
      CREATE TABLE backup_copies (
        backup TEXT NOT NULL,
        copy TEXT NOT NULL,
        last_attempt_ms INTEGER NOT NULL,
        last_success_ms INTEGER,
        remote_archives INTEGER,
        last_error TEXT,
        last_reason TEXT,
        PRIMARY KEY (backup, copy)
      );
      """);

  /** One copy's state; lastSuccess and remoteArchives null until a first success. */
  public record Row(String backup, String copy, Instant lastAttempt, Instant lastSuccess, Integer remoteArchives,
      String lastError, String lastReason) {}

  private final AreaDb db;

  public CopyState(Jdbi jdbi) {
    this.db = new AreaDb(jdbi, "backup-copy", MIGRATIONS);
  }

  private Jdbi db() {
    return db.get();
  }

  public void success(String backup, String copy, Instant at, int remoteArchives) {
    db().useHandle(h -> h.createUpdate("""
        INSERT INTO backup_copies (backup, copy, last_attempt_ms, last_success_ms, remote_archives, last_error, last_reason)
        VALUES (?, ?, ?, ?, ?, NULL, NULL)
        ON CONFLICT (backup, copy) DO UPDATE SET last_attempt_ms = excluded.last_attempt_ms,
          last_success_ms = excluded.last_success_ms, remote_archives = excluded.remote_archives,
          last_error = NULL, last_reason = NULL""")
        .bind(0, backup).bind(1, copy).bind(2, at.toEpochMilli()).bind(3, at.toEpochMilli()).bind(4, remoteArchives).execute());
  }

  public void failure(String backup, String copy, Instant at, String reason, String error) {
    db().useHandle(h -> h.createUpdate("""
        INSERT INTO backup_copies (backup, copy, last_attempt_ms, last_error, last_reason) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (backup, copy) DO UPDATE SET last_attempt_ms = excluded.last_attempt_ms,
          last_error = excluded.last_error, last_reason = excluded.last_reason""")
        .bind(0, backup).bind(1, copy).bind(2, at.toEpochMilli()).bind(3, error).bind(4, reason).execute());
  }

  public Optional<Row> find(String backup, String copy) {
    return db().withHandle(h -> h.createQuery("SELECT * FROM backup_copies WHERE backup = ? AND copy = ?")
        .bind(0, backup).bind(1, copy).map(CopyState::row).findOne());
  }

  /**
   * The state of each of {@code backup}'s configured copies, in configuration order; a copy that
   * never ran has no state yet and maps to empty.
   */
  public Map<CopyConfig, Optional<Row>> of(BackupConfig backup) {
    Map<String, Row> rows = new HashMap<>();
    db().useHandle(h -> h.createQuery("SELECT * FROM backup_copies WHERE backup = ?").bind(0, backup.name())
        .map(CopyState::row).forEach(r -> rows.put(r.copy(), r)));
    Map<CopyConfig, Optional<Row>> result = new LinkedHashMap<>();
    for (CopyConfig c : backup.copies()) result.put(c, Optional.ofNullable(rows.get(c.name())));
    return result;
  }

  private static Row row(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
    return new Row(rs.getString("backup"), rs.getString("copy"),
        Instant.ofEpochMilli(rs.getLong("last_attempt_ms")),
        rs.getObject("last_success_ms") == null ? null : Instant.ofEpochMilli(rs.getLong("last_success_ms")),
        rs.getObject("remote_archives") == null ? null : rs.getInt("remote_archives"),
        rs.getString("last_error"), rs.getString("last_reason"));
  }
}

package io.hostkeeper.worker.backup.check;

import io.hostkeeper.worker.history.AreaDb;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Results of the keyless re-checks and of full verifies, per backup, in the worker's state
 * database (area "backup-check"), so the timestamps survive a restart.
 */
public final class CheckState {
  static final List<String> MIGRATIONS = List.of("""
      CREATE TABLE backup_checks (
        backup TEXT PRIMARY KEY,
        last_checked_ms INTEGER,
        corrupt INTEGER,
        corrupt_names TEXT,
        last_verified_ms INTEGER
      );
      """);

  /** One backup's state; null fields were never recorded. */
  public record Row(String backup, Instant lastChecked, Integer corrupt, String corruptNames, Instant lastVerified) {}

  private final AreaDb db;

  public CheckState(Jdbi jdbi) {
    this.db = new AreaDb(jdbi, "backup-check", MIGRATIONS);
  }

  private Jdbi db() {
    return db.get();
  }

  public void checked(String backup, Instant at, List<String> corrupt) {
    db().useHandle(h -> h.createUpdate("""
        INSERT INTO backup_checks (backup, last_checked_ms, corrupt, corrupt_names) VALUES (?, ?, ?, ?)
        ON CONFLICT (backup) DO UPDATE SET last_checked_ms = excluded.last_checked_ms,
          corrupt = excluded.corrupt, corrupt_names = excluded.corrupt_names""")
        .bind(0, backup).bind(1, at.toEpochMilli()).bind(2, corrupt.size()).bind(3, String.join("\n", corrupt)).execute());
  }

  /** A full decrypt-and-hash verify of {@code backup} passed at {@code at}. */
  public void verified(String backup, Instant at) {
    db().useHandle(h -> h.createUpdate("""
        INSERT INTO backup_checks (backup, last_verified_ms) VALUES (?, ?)
        ON CONFLICT (backup) DO UPDATE SET last_verified_ms = excluded.last_verified_ms""")
        .bind(0, backup).bind(1, at.toEpochMilli()).execute());
  }

  public Optional<Row> find(String backup) {
    return db().withHandle(h -> h.createQuery("SELECT * FROM backup_checks WHERE backup = ?").bind(0, backup)
        .map((rs, ctx) -> new Row(rs.getString("backup"), instant(rs.getObject("last_checked_ms")),
            rs.getObject("corrupt") == null ? null : rs.getInt("corrupt"), rs.getString("corrupt_names"),
            instant(rs.getObject("last_verified_ms"))))
        .findOne());
  }

  private static Instant instant(Object ms) {
    return ms == null ? null : Instant.ofEpochMilli(((Number) ms).longValue());
  }
}

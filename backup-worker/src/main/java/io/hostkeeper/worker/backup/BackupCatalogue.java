package io.hostkeeper.worker.backup;

import io.hostkeeper.worker.history.AreaDb;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The catalogue of complete archives, in the worker's state database (area "backup"). A row is
 * written only after its archive has been verified and renamed into place, so the catalogue never
 * lists an incomplete archive; retention only ever deletes archives listed here.
 */
public final class BackupCatalogue {
  static final List<String> MIGRATIONS = List.of("""
      CREATE TABLE backup_archives (
        id INTEGER PRIMARY KEY,
        backup TEXT NOT NULL,
        file_name TEXT NOT NULL,
        destination TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        completed_at_ms INTEGER NOT NULL,
        duration_seconds REAL NOT NULL,
        size_bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        plaintext_bytes INTEGER NOT NULL,
        plaintext_sha256 TEXT NOT NULL,
        members INTEGER NOT NULL,
        problems INTEGER NOT NULL,
        manifest TEXT NOT NULL,
        UNIQUE (backup, file_name)
      );
      CREATE INDEX backup_archives_by_time ON backup_archives (backup, created_at_ms);
      """);

  private static final RowMapper<CatalogueEntry> MAPPER = (rs, ctx) -> new CatalogueEntry(
      rs.getLong("id"), rs.getString("backup"), rs.getString("file_name"), Path.of(rs.getString("destination")),
      Instant.ofEpochMilli(rs.getLong("created_at_ms")), Instant.ofEpochMilli(rs.getLong("completed_at_ms")),
      rs.getDouble("duration_seconds"), rs.getLong("size_bytes"), rs.getString("sha256"),
      rs.getLong("plaintext_bytes"), rs.getString("plaintext_sha256"), rs.getInt("members"),
      rs.getInt("problems"), rs.getString("manifest"));

  private final AreaDb db;

  public BackupCatalogue(Jdbi jdbi) {
    this.db = new AreaDb(jdbi, "backup", MIGRATIONS);
  }

  private Jdbi db() {
    return db.get();
  }

  public long add(CatalogueEntry e) {
    return db().withHandle(h -> h.createUpdate("""
        INSERT INTO backup_archives (backup, file_name, destination, created_at_ms, completed_at_ms,
          duration_seconds, size_bytes, sha256, plaintext_bytes, plaintext_sha256, members, problems, manifest)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .bind(0, e.backup()).bind(1, e.fileName()).bind(2, e.destination().toString())
        .bind(3, e.createdAt().toEpochMilli()).bind(4, e.completedAt().toEpochMilli())
        .bind(5, e.durationSeconds()).bind(6, e.sizeBytes()).bind(7, e.sha256())
        .bind(8, e.plaintextBytes()).bind(9, e.plaintextSha256()).bind(10, e.members())
        .bind(11, e.problems()).bind(12, e.manifestJson())
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
  }

  /** Archives of one backup, newest first. */
  public List<CatalogueEntry> list(String backup) {
    return db().withHandle(h -> h.createQuery(
            "SELECT * FROM backup_archives WHERE backup = ? ORDER BY created_at_ms DESC, id DESC")
        .bind(0, backup).map(MAPPER).list());
  }

  public Optional<CatalogueEntry> find(String backup, String fileName) {
    return db().withHandle(h -> h.createQuery("SELECT * FROM backup_archives WHERE backup = ? AND file_name = ?")
        .bind(0, backup).bind(1, fileName).map(MAPPER).findOne());
  }

  /** The most recently completed archive of a backup. */
  public Optional<CatalogueEntry> latest(String backup) {
    return db().withHandle(h -> h.createQuery(
            "SELECT * FROM backup_archives WHERE backup = ? ORDER BY completed_at_ms DESC, id DESC LIMIT 1")
        .bind(0, backup).map(MAPPER).findOne());
  }

  public int count(String backup) {
    return db().withHandle(h -> h.createQuery("SELECT count(*) FROM backup_archives WHERE backup = ?")
        .bind(0, backup).mapTo(Integer.class).one());
  }

  public void remove(long id) {
    db().useHandle(h -> h.execute("DELETE FROM backup_archives WHERE id = ?", id));
  }
}

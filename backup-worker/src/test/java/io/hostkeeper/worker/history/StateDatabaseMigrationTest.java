package io.hostkeeper.worker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.backup.BackupCatalogue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one migrator and its one versioning scheme, including databases written by earlier workers. */
class StateDatabaseMigrationTest {
  @TempDir Path dir;

  /**
   * A state database exactly as workers before the single scheme left it: the core schema
   * versioned with PRAGMA user_version (2: runs and paused), the backup area in schema_versions,
   * with rows in each.
   */
  private void writeEarlierWorkersDatabase(int userVersion) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StateDatabase.FILE_NAME));
        Statement st = c.createStatement()) {
      for (String sql : List.of(
          "PRAGMA journal_mode = WAL",
          "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, job TEXT NOT NULL,"
              + " trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'catch-up')),"
              + " scheduled_at INTEGER, started_at INTEGER NOT NULL, ended_at INTEGER,"
              + " result TEXT NOT NULL CHECK (result IN ('running', 'success', 'failure', 'interrupted', 'skipped')),"
              + " message TEXT, details TEXT)",
          "CREATE INDEX runs_job_id ON runs (job, id)",
          "CREATE INDEX runs_started ON runs (started_at)",
          "CREATE INDEX runs_running ON runs (result) WHERE result = 'running'",
          "CREATE TABLE paused (name TEXT PRIMARY KEY, paused_at INTEGER NOT NULL)",
          "PRAGMA user_version = " + userVersion,
          "CREATE TABLE schema_versions (area TEXT PRIMARY KEY, version INTEGER NOT NULL)",
          """
          CREATE TABLE backup_archives (
            id INTEGER PRIMARY KEY, backup TEXT NOT NULL, file_name TEXT NOT NULL,
            destination TEXT NOT NULL, created_at_ms INTEGER NOT NULL, completed_at_ms INTEGER NOT NULL,
            duration_seconds REAL NOT NULL, size_bytes INTEGER NOT NULL, sha256 TEXT NOT NULL,
            plaintext_bytes INTEGER NOT NULL, plaintext_sha256 TEXT NOT NULL, members INTEGER NOT NULL,
            problems INTEGER NOT NULL, manifest TEXT NOT NULL, UNIQUE (backup, file_name))""",
          "CREATE INDEX backup_archives_by_time ON backup_archives (backup, created_at_ms)",
          "INSERT INTO schema_versions (area, version) VALUES ('backup', 1)",
          "INSERT INTO runs (job, trigger, started_at, ended_at, result) VALUES ('backup:app', 'schedule', 1000, 2000, 'success')",
          "INSERT INTO paused (name, paused_at) VALUES ('logs:app', 5000)",
          """
          INSERT INTO backup_archives (backup, file_name, destination, created_at_ms, completed_at_ms,
            duration_seconds, size_bytes, sha256, plaintext_bytes, plaintext_sha256, members, problems, manifest)
          VALUES ('app', 'app-1.tar.zst.gpg', '/var/backups', 1000, 2000, 1.0, 10, 'ab', 20, 'cd', 1, 0, '{}')""")) {
        st.execute(sql);
      }
    }
  }

  private Map<String, Integer> versions(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT area, version FROM schema_versions")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2))).list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  @Test
  void aDatabaseOfTheEarlierSchemeOpensKeepsItsRowsAndIsRecordedInTheOneScheme() throws SQLException {
    writeEarlierWorkersDatabase(2);
    try (StateDatabase db = StateDatabase.open(dir, Duration.ofSeconds(2))) {
      Jdbi jdbi = db.jdbi();
      RunHistory history = new RunHistory(jdbi, BusyRetry.standard());
      assertEquals("success", history.lastRun("backup:app").orElseThrow().result());
      assertEquals(Map.of("logs:app", java.time.Instant.ofEpochMilli(5000)),
          new PauseStore(jdbi, BusyRetry.standard()).load());
      assertEquals(1, new BackupCatalogue(jdbi).list("app").size());
      assertEquals(Map.of(StateDatabase.CORE_AREA, StateDatabase.CORE_STEPS.size(), "backup", 1), versions(jdbi));
    }
    // and again: nothing is applied twice
    try (StateDatabase db = StateDatabase.open(dir, Duration.ofSeconds(2))) {
      assertEquals(1, new RunHistory(db.jdbi(), BusyRetry.standard()).recent(10).size());
    }
  }

  @Test
  void aDatabaseOfTheEarlierSchemeAtCoreVersionOneGetsTheLaterCoreSteps() throws SQLException {
    writeEarlierWorkersDatabase(1);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(StateDatabase.FILE_NAME));
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE paused");
    }
    try (StateDatabase db = StateDatabase.open(dir, Duration.ofSeconds(2))) {
      PauseStore pauses = new PauseStore(db.jdbi(), BusyRetry.standard());
      pauses.pause("*", java.time.Instant.ofEpochMilli(7000));
      assertEquals(1, pauses.load().size());
      assertEquals(StateDatabase.CORE_STEPS.size(), versions(db.jdbi()).get(StateDatabase.CORE_AREA));
    }
  }

  @Test
  void aDatabaseOfTheEarlierSchemeWrittenByANewerWorkerIsRefused() throws SQLException {
    writeEarlierWorkersDatabase(99);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StateDatabase.open(dir, Duration.ofSeconds(2)));
    assertTrue(e.getMessage().contains("schema version 99") && e.getMessage().contains("upgrade the worker"),
        e.getMessage());
  }

  @Test
  void theCoreVersionIsStillWrittenWhereEarlierWorkersReadIt() {
    try (StateDatabase db = StateDatabase.open(dir, Duration.ofSeconds(2))) {
      int userVersion = db.jdbi().withHandle(h -> h.createQuery("PRAGMA user_version").mapTo(Integer.class).one());
      assertEquals(StateDatabase.CORE_STEPS.size(), userVersion);
    }
  }

  @Test
  void aStepWithATriggerBodyIsRunWhole() {
    try (StateDatabase db = StateDatabase.open(dir, Duration.ofSeconds(2))) {
      Jdbi jdbi = db.jdbi();
      StateDatabase.migrate(jdbi, "test", List.of("""
          CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
          CREATE TABLE item_log (item INTEGER NOT NULL, what TEXT NOT NULL);
          CREATE TRIGGER items_logged AFTER INSERT ON items
          BEGIN
            INSERT INTO item_log (item, what) VALUES (new.id, 'added');
            INSERT INTO item_log (item, what) VALUES (new.id, 'named ' || new.name);
          END;
          CREATE INDEX item_log_item ON item_log (item);
          """));
      jdbi.useHandle(h -> h.execute("INSERT INTO items (id, name) VALUES (7, 'a;b')"));
      assertEquals(List.of("added", "named a;b"), jdbi.withHandle(h ->
          h.createQuery("SELECT what FROM item_log WHERE item = 7 ORDER BY rowid").mapTo(String.class).list()));
      assertEquals(1, versions(jdbi).get("test"));
    }
  }

  @Test
  void aFailingStepLeavesTheAreaAsItWas() {
    try (StateDatabase db = StateDatabase.open(dir, Duration.ofSeconds(2))) {
      Jdbi jdbi = db.jdbi();
      StateDatabase.migrate(jdbi, "test", List.of("CREATE TABLE t (id INTEGER)"));
      assertThrows(IllegalStateException.class, () -> StateDatabase.migrate(jdbi, "test", List.of(
          "CREATE TABLE t (id INTEGER)", "ALTER TABLE t ADD COLUMN x TEXT", "ALTER TABLE nowhere ADD COLUMN y TEXT")));
      assertEquals(1, versions(jdbi).get("test"));
      jdbi.useHandle(h -> h.execute("INSERT INTO t (id) VALUES (1)"));
      assertThrows(Exception.class, () -> jdbi.useHandle(h -> h.execute("INSERT INTO t (id, x) VALUES (1, 'a')")));
    }
  }
}

package io.hostkeeper.worker.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the worker's state database {@code <data_dir>/state.db}: WAL journal, busy timeout,
 * {@code synchronous=NORMAL} (durable across process crashes, which is what WAL needs), foreign
 * keys on. Every connection gets these settings, because each Jdbi handle opens its own.
 *
 * <p>The core schema (the run history) is versioned with {@code PRAGMA user_version}; areas keep
 * their own tables versioned through {@link StateDb#migrate}.
 */
public final class StateDatabase {
  public static final String FILE_NAME = "state.db";
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  /** Core schema steps; step i brings user_version from i to i+1. Append only. */
  static final List<String> CORE_STEPS = List.of("""
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'catch-up')),
        scheduled_at INTEGER,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        result TEXT NOT NULL CHECK (result IN ('running', 'success', 'failure', 'interrupted', 'skipped')),
        message TEXT,
        details TEXT
      );
      CREATE INDEX runs_job_id ON runs (job, id);
      CREATE INDEX runs_started ON runs (started_at);
      CREATE INDEX runs_running ON runs (result) WHERE result = 'running'
      """);

  private StateDatabase() {}

  /** A Jdbi over {@code file}; opens no connection yet. */
  public static Jdbi jdbi(Path file, Duration busyTimeout) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return Jdbi.create(source);
  }

  /**
   * Opens {@code <dataDir>/state.db} and brings the core schema up to date.
   *
   * @throws IllegalStateException when the file was written by a newer worker
   */
  public static Jdbi open(Path dataDir, Duration busyTimeout) {
    Jdbi jdbi = jdbi(dataDir.resolve(FILE_NAME), busyTimeout);
    migrateCore(jdbi);
    return jdbi;
  }

  static void migrateCore(Jdbi jdbi) {
    jdbi.useTransaction(h -> {
      int current = h.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
      if (current > CORE_STEPS.size()) {
        throw new IllegalStateException("state database has schema version " + current
            + ", newer than this worker knows (" + CORE_STEPS.size() + "); upgrade the worker");
      }
      for (int v = current; v < CORE_STEPS.size(); v++) {
        for (String statement : CORE_STEPS.get(v).split(";\\s*\\n")) {
          if (!statement.isBlank()) h.execute(statement);
        }
      }
      if (current != CORE_STEPS.size()) h.execute("PRAGMA user_version = " + CORE_STEPS.size());
    });
  }
}

package io.hostkeeper.worker.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
public final class StateDatabase implements AutoCloseable {
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
      """, """
      CREATE TABLE paused (
        name TEXT PRIMARY KEY,
        paused_at INTEGER NOT NULL
      )
      """);

  /** Pooled connections: enough for a few concurrent jobs and admin requests (SQLite has one writer anyway). */
  static final int POOL_SIZE = 4;

  private final Jdbi jdbi;
  private final HikariDataSource pool;

  private StateDatabase(Jdbi jdbi, HikariDataSource pool) {
    this.jdbi = jdbi;
    this.pool = pool;
  }

  /** A plain (unpooled) data source over {@code file}: every connection gets the settings. */
  public static SQLiteDataSource dataSource(Path file, Duration busyTimeout) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    config.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return source;
  }

  /** An unpooled Jdbi over {@code file} (for short-lived readers such as tests); opens nothing yet. */
  public static Jdbi jdbi(Path file, Duration busyTimeout) {
    return Jdbi.create(dataSource(file, busyTimeout));
  }

  /**
   * Opens {@code <dataDir>/state.db} with a small connection pool and brings the core schema up to
   * date. Close it when the worker stops.
   *
   * @throws IllegalStateException when the file was written by a newer worker
   * @throws RuntimeException when the file cannot be opened
   */
  public static StateDatabase open(Path dataDir, Duration busyTimeout) {
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(dataSource(dataDir.resolve(FILE_NAME), busyTimeout));
    hc.setPoolName("state-db");
    hc.setMaximumPoolSize(POOL_SIZE);
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(Math.max(30_000, busyTimeout.toMillis() * 2));
    HikariDataSource pool = new HikariDataSource(hc);
    try {
      Jdbi jdbi = Jdbi.create(pool);
      migrateCore(jdbi);
      return new StateDatabase(jdbi, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public void close() {
    pool.close();
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

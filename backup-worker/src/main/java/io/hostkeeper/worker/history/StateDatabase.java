package io.hostkeeper.worker.history;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the worker's state database {@code <data_dir>/state.db}: WAL journal, busy timeout,
 * {@code synchronous=NORMAL} (durable across process crashes, which is what WAL needs), foreign
 * keys on. Every connection gets these settings, because each Jdbi handle opens its own.
 *
 * <p>One versioning scheme for every part of the schema: table {@code schema_versions} holds one
 * version per area, and {@link #migrate} is the one migrator. The core tables (run history,
 * pauses) are the area {@value #CORE_AREA}; every other area (backup catalogue, watchdog, ...)
 * migrates its own tables on first use. Workers of earlier versions kept the core version in
 * {@code PRAGMA user_version}: such a database is adopted as it is (its core version is read from
 * there once), and the core version is still written there so an earlier worker keeps refusing
 * a schema newer than it knows.
 */
public final class StateDatabase implements AutoCloseable {
  public static final String FILE_NAME = "state.db";
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  /** The area name of the core tables in {@code schema_versions}. */
  static final String CORE_AREA = "core";

  /** Core schema steps; step i brings the core version from i to i+1. Append only. */
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
    migrate(jdbi, CORE_AREA, CORE_STEPS);
  }

  /**
   * Brings one area's tables up to date: applies the steps not yet applied, in one transaction,
   * and records the area's version. Step i brings the version from i to i+1; append only. A step
   * is a whole SQL script run by SQLite's own parser, so trigger bodies with inner semicolons are
   * fine.
   *
   * @throws IllegalStateException when the database holds a newer version of the area than the
   *     steps know (written by a newer worker)
   */
  public static void migrate(Jdbi jdbi, String area, List<String> steps) {
    jdbi.useTransaction(h -> {
      h.execute("CREATE TABLE IF NOT EXISTS schema_versions (area TEXT PRIMARY KEY, version INTEGER NOT NULL)");
      int current = h.createQuery("SELECT version FROM schema_versions WHERE area = ?")
          .bind(0, area).mapTo(Integer.class).findOne()
          .orElseGet(() -> CORE_AREA.equals(area) ? legacyCoreVersion(h) : 0);
      if (current > steps.size()) {
        String what = CORE_AREA.equals(area) ? "schema version " : area + " schema version ";
        throw new IllegalStateException("state database has " + what + current
            + ", newer than this worker knows (" + steps.size() + "); upgrade the worker");
      }
      for (int v = current; v < steps.size(); v++) runScript(h, steps.get(v));
      h.execute("INSERT INTO schema_versions(area, version) VALUES (?, ?) "
          + "ON CONFLICT(area) DO UPDATE SET version = excluded.version", area, steps.size());
      if (CORE_AREA.equals(area) && legacyCoreVersion(h) != steps.size()) {
        h.execute("PRAGMA user_version = " + steps.size());
      }
    });
  }

  /** The core version as workers of earlier versions recorded it. */
  private static int legacyCoreVersion(Handle h) {
    return h.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
  }

  /** Runs a script of several statements through SQLite's own parser (sqlite3_exec). */
  private static void runScript(Handle h, String script) {
    try (Statement st = h.getConnection().createStatement()) {
      st.executeUpdate(script);
    } catch (SQLException e) {
      throw new IllegalStateException("state database migration failed: " + e.getMessage(), e);
    }
  }
}

package io.hostkeeper.worker.sqlite;

import io.hostkeeper.common.config.DatabaseConfig;
import io.hostkeeper.common.config.DatabaseConfig.SqliteStep;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Runs one database's configured steps in order on one autocommit connection that waits for
 * writers (busy_timeout) rather than failing. Pre-checks turn user-caused problems (missing file, a
 * directory, not an SQLite file, no write permission) into one clear message. After a failed
 * integrity check the steps that write are skipped: a damaged database is not modified.
 */
final class SqliteMaintenance {
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /** A user-caused problem that stops the run before any step. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Another connection held a lock longer than the busy timeout: the run stops there, the steps
   * done so far are kept in {@link #done}, and nothing is concluded about the database's health.
   */
  static final class Busy extends Exception {
    final transient List<StepResult> done;
    final String step;

    Busy(String step, List<StepResult> done, String message) {
      super(message, null, false, false);
      this.step = step;
      this.done = List.copyOf(done);
    }
  }

  private final DatabaseConfig config;
  private final DiskSpace disk;

  SqliteMaintenance(DatabaseConfig config, DiskSpace disk) {
    this.config = config;
    this.disk = disk;
  }

  List<StepResult> run(Instant now) throws Refused, Busy, SQLException, IOException {
    Path db = config.path();
    precheck(db);
    List<StepResult> results = new ArrayList<>();
    boolean damaged = false;
    try (Connection c = open(db)) {
      for (SqliteStep step : config.steps()) {
        long started = System.nanoTime();
        if (damaged && writes(step)) {
          results.add(new StepResult(name(step), StepResult.Status.SKIPPED,
              "skipped: the integrity check failed, and a damaged database is not modified", Map.of(), 0));
          continue;
        }
        StepResult r;
        try {
          r = switch (step) {
            case INTEGRITY_CHECK -> SqliteSteps.check(c, "integrity_check", started);
            case QUICK_CHECK -> SqliteSteps.check(c, "quick_check", started);
            case WAL_CHECKPOINT -> SqliteSteps.walCheckpoint(c, started);
            case VACUUM -> SqliteSteps.vacuum(c, db, disk, started);
            case ANALYZE -> SqliteSteps.simple(c, "analyze", "ANALYZE", started);
            case OPTIMIZE -> SqliteSteps.simple(c, "optimize", "PRAGMA optimize", started);
            case REINDEX -> SqliteSteps.simple(c, "reindex", "REINDEX", started);
            case DELETE_OLDER_THAN -> RetentionDelete.run(c, config.deleteOlderThan(), now, started);
          };
        } catch (SQLException e) {
          if (io.hostkeeper.worker.history.BusyRetry.isBusy(e)) {
            throw new Busy(name(step), results, "the database is busy: another connection held a lock on " + db
                + " longer than busy_timeout (" + config.busyTimeout().toSeconds() + "s) during " + name(step)
                + "; maintenance skipped, the next run tries again (raise databases[].busy_timeout if this repeats)");
          }
          r = new StepResult(name(step), StepResult.Status.FAILED, e.getMessage(), Map.of(), SqliteSteps.seconds(started));
        }
        if ((step == SqliteStep.INTEGRITY_CHECK || step == SqliteStep.QUICK_CHECK) && r.status() == StepResult.Status.FAILED) damaged = true;
        results.add(r);
      }
    }
    return results;
  }

  static String name(SqliteStep step) {
    return step.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean writes(SqliteStep step) {
    return step == SqliteStep.VACUUM || step == SqliteStep.REINDEX || step == SqliteStep.DELETE_OLDER_THAN
        || step == SqliteStep.ANALYZE || step == SqliteStep.OPTIMIZE || step == SqliteStep.WAL_CHECKPOINT;
  }

  private Connection open(Path db) throws SQLException {
    SQLiteConfig sc = new SQLiteConfig();
    sc.resetOpenMode(SQLiteOpenMode.CREATE); // never create a database that is not there
    sc.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
    Connection c = sc.createConnection("jdbc:sqlite:" + db.toAbsolutePath());
    c.setAutoCommit(true);
    return c;
  }

  static void precheck(Path db) throws Refused, IOException {
    if (!Files.exists(db)) throw new Refused("database " + db + " does not exist; check databases[].path");
    if (Files.isDirectory(db)) throw new Refused(db + " is a directory, but an SQLite database file is expected");
    if (!Files.isRegularFile(db)) throw new Refused(db + " is not a regular file");
    if (!Files.isReadable(db)) throw new Refused("permission denied: the worker cannot read " + db);
    if (!Files.isWritable(db) || !Files.isWritable(db.toAbsolutePath().getParent())) {
      throw new Refused("permission denied: the worker cannot write " + db + " or create its journal next to it in "
          + db.toAbsolutePath().getParent() + " (maintenance rewrites the file); fix its owner or permissions");
    }
    if (Files.size(db) > 0) {
      byte[] head;
      try (InputStream in = Files.newInputStream(db)) {
        head = in.readNBytes(HEADER.length);
      }
      if (!Arrays.equals(head, HEADER)) throw new Refused(db + " is not an SQLite 3 database (its header is not \"SQLite format 3\")");
    }
  }
}

package io.hostkeeper.worker.watchdog;

import io.hostkeeper.worker.history.AreaDb;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The watchdog's own tables in the state database: the current {@link WatchdogRecord} per service
 * (written after every transition, committed before the action it announces is reported) and a
 * short log of restart attempts per service. Job history rows and job metrics are the scheduler's.
 * Tables are created on first use (the constructor does no I/O).
 */
public final class WatchdogStore {

  /** Restart attempts kept per service in {@code watchdog_restarts}. */
  static final int KEEP_ATTEMPTS = 50;

  private static final List<String> MIGRATIONS = List.of("""
      CREATE TABLE watchdog_status (
        service TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        since_ms INTEGER NOT NULL,
        consecutive_failures INTEGER NOT NULL,
        streak INTEGER NOT NULL,
        restarts TEXT NOT NULL,
        last_restart_ms INTEGER,
        last_restart_result TEXT NOT NULL,
        grace_until_ms INTEGER,
        next_restart_allowed_ms INTEGER,
        healthy_since_ms INTEGER,
        last_check_ms INTEGER,
        last_check_up INTEGER,
        last_reason TEXT NOT NULL,
        updated_ms INTEGER NOT NULL);
      CREATE TABLE watchdog_restarts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        service TEXT NOT NULL,
        trigger TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        result TEXT NOT NULL,
        exit_status INTEGER NOT NULL,
        argv TEXT NOT NULL,
        error TEXT NOT NULL,
        output_tail TEXT NOT NULL);
      CREATE INDEX watchdog_restarts_service ON watchdog_restarts(service, id)
      """);

  private final AreaDb db;

  public WatchdogStore(Jdbi jdbi) {
    this.db = new AreaDb(jdbi, "watchdog", MIGRATIONS);
  }

  private Jdbi db() {
    return db.get();
  }

  public Optional<WatchdogRecord> load(String service) {
    return db().withHandle(h -> h.createQuery("SELECT * FROM watchdog_status WHERE service = ?")
        .bind(0, service).map((rs, ctx) -> read(rs)).findOne());
  }

  public void save(WatchdogRecord s, Instant now) {
    db().useTransaction(h -> write(h, s, now));
  }

  /** Saves the status after a restart and logs the attempt, in one transaction. */
  public void saveWithAttempt(WatchdogRecord s, Instant now, RestartAttempt attempt) {
    db().useTransaction(h -> {
      write(h, s, now);
      RestartRun r = attempt.command();
      h.createUpdate("INSERT INTO watchdog_restarts(service, trigger, started_ms, duration_ms, result,"
              + " exit_status, argv, error, output_tail) VALUES (?,?,?,?,?,?,?,?,?)")
          .bind(0, s.service()).bind(1, attempt.trigger()).bind(2, attempt.startedAt().toEpochMilli())
          .bind(3, r.duration().toMillis()).bind(4, r.result()).bind(5, r.exitStatus())
          .bind(6, String.join(" ", r.argv())).bind(7, r.startError()).bind(8, r.outputTail())
          .execute();
      h.execute("DELETE FROM watchdog_restarts WHERE service = ? AND id NOT IN (SELECT id FROM"
          + " watchdog_restarts WHERE service = ? ORDER BY id DESC LIMIT " + KEEP_ATTEMPTS + ")",
          s.service(), s.service());
    });
  }

  /** The most recent restart attempts of a service, newest first. */
  public List<Map<String, Object>> attempts(String service, int limit) {
    return db().withHandle(h -> h.createQuery("SELECT trigger, started_ms, duration_ms, result, exit_status,"
            + " argv, error, output_tail FROM watchdog_restarts WHERE service = ? ORDER BY id DESC LIMIT ?")
        .bind(0, service).bind(1, limit)
        .map((rs, ctx) -> Map.<String, Object>of(
            "trigger", rs.getString("trigger"),
            "started_at", Instant.ofEpochMilli(rs.getLong("started_ms")).toString(),
            "duration_seconds", rs.getLong("duration_ms") / 1000.0,
            "result", rs.getString("result"),
            "exit_status", rs.getInt("exit_status"),
            "command", rs.getString("argv"),
            "error", rs.getString("error"),
            "output_tail", rs.getString("output_tail")))
        .list());
  }

  /** One restart attempt for the log: who asked (automatic, manual) and how the command ended. */
  public record RestartAttempt(String trigger, Instant startedAt, RestartRun command) {}

  private static void write(Handle h, WatchdogRecord s, Instant now) {
    h.createUpdate("INSERT OR REPLACE INTO watchdog_status(service, state, since_ms, consecutive_failures,"
            + " streak, restarts, last_restart_ms, last_restart_result, grace_until_ms,"
            + " next_restart_allowed_ms, healthy_since_ms, last_check_ms, last_check_up, last_reason,"
            + " updated_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(0, s.service()).bind(1, s.state().label()).bind(2, s.since().toEpochMilli())
        .bind(3, s.consecutiveFailures()).bind(4, s.streak())
        .bind(5, s.restarts().stream().map(t -> Long.toString(t.toEpochMilli())).collect(Collectors.joining(",")))
        .bind(6, millis(s.lastRestartAt())).bind(7, s.lastRestartResult())
        .bind(8, millis(s.graceUntil())).bind(9, millis(s.nextRestartAllowedAt()))
        .bind(10, millis(s.healthySince())).bind(11, millis(s.lastCheckAt()))
        .bind(12, s.lastCheckUp() == null ? null : (s.lastCheckUp() ? 1 : 0))
        .bind(13, s.lastReason()).bind(14, now.toEpochMilli())
        .execute();
  }

  private static WatchdogRecord read(ResultSet rs) throws SQLException {
    String restarts = rs.getString("restarts");
    List<Instant> times = restarts.isEmpty() ? List.of()
        : Arrays.stream(restarts.split(",")).map(t -> Instant.ofEpochMilli(Long.parseLong(t))).toList();
    Integer up = integer(rs, "last_check_up");
    return new WatchdogRecord(rs.getString("service"), WatchdogState.fromLabel(rs.getString("state")),
        Instant.ofEpochMilli(rs.getLong("since_ms")), rs.getInt("consecutive_failures"), rs.getInt("streak"),
        times, instant(rs, "last_restart_ms"), rs.getString("last_restart_result"),
        instant(rs, "grace_until_ms"), instant(rs, "next_restart_allowed_ms"),
        instant(rs, "healthy_since_ms"), instant(rs, "last_check_ms"),
        up == null ? null : up == 1, rs.getString("last_reason"));
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }
}

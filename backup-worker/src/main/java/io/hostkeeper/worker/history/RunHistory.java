package io.hostkeeper.worker.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code runs} table: a row is written with result {@code running} before a job starts and
 * completed when it ends, so a run cut short by a crash or {@code kill -9} is still visible and is
 * marked {@code interrupted} at the next start. Every statement goes through {@link BusyRetry}.
 */
public final class RunHistory {
  public static final int MAX_PAGE = 1000;
  static final String INTERRUPTED_MESSAGE = "the worker stopped during this run (killed, crashed or shut down)";

  private final Jdbi jdbi;
  private final BusyRetry retry;

  public RunHistory(Jdbi jdbi, BusyRetry retry) {
    this.jdbi = java.util.Objects.requireNonNull(jdbi);
    this.retry = java.util.Objects.requireNonNull(retry);
  }

  /** Records the start of a run; returns its id. */
  public long start(String job, String trigger, Instant scheduledAt, Instant startedAt) {
    return retry.call(() -> jdbi.withHandle(h -> h.createUpdate(
            "INSERT INTO runs (job, trigger, scheduled_at, started_at, result) VALUES (?, ?, ?, ?, 'running')")
        .bind(0, job).bind(1, trigger).bind(2, millis(scheduledAt)).bind(3, startedAt.toEpochMilli())
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one()));
  }

  /** Completes a run started with {@link #start}. */
  public void finish(long id, Instant endedAt, String result, String message, String detailsJson) {
    retry.run(() -> jdbi.useHandle(h -> h.createUpdate(
            "UPDATE runs SET ended_at = ?, result = ?, message = ?, details = ? WHERE id = ?")
        .bind(0, endedAt.toEpochMilli()).bind(1, result).bind(2, message).bind(3, detailsJson).bind(4, id)
        .execute()));
  }

  /** Removes a run's row: a routine run (nothing worth a row, see {@code JobOutcome#routine}) leaves no trace. */
  public void discard(long id) {
    retry.run(() -> jdbi.useHandle(h -> h.createUpdate("DELETE FROM runs WHERE id = ?").bind(0, id).execute()));
  }

  /** One run by its id. */
  public Optional<RunRecord> run(long id) {
    return retry.call(() -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM runs WHERE id = ?")
        .bind(0, id).map(RunHistory::map).findOne()));
  }

  /** Records a run that never got a start row (e.g. the database was locked when it began). */
  public long insertFinished(String job, String trigger, Instant scheduledAt, Instant startedAt,
      Instant endedAt, String result, String message, String detailsJson) {
    return retry.call(() -> jdbi.withHandle(h -> h.createUpdate(
            "INSERT INTO runs (job, trigger, scheduled_at, started_at, ended_at, result, message, details) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(0, job).bind(1, trigger).bind(2, millis(scheduledAt)).bind(3, startedAt.toEpochMilli())
        .bind(4, endedAt.toEpochMilli()).bind(5, result).bind(6, message).bind(7, detailsJson)
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one()));
  }

  /**
   * Marks every row still {@code running} as {@code interrupted}: called at start (nothing runs
   * yet, so such rows belong to a worker that died) and at shutdown for runs that did not finish.
   */
  public List<RunRecord> markInterrupted(Instant now, Optional<Long> onlyId) {
    return retry.call(() -> jdbi.inTransaction(h -> {
      String where = onlyId.isPresent() ? "result = 'running' AND id = " + onlyId.get() : "result = 'running'";
      List<RunRecord> rows = h.createQuery("SELECT * FROM runs WHERE " + where).map(RunHistory::map).list();
      h.createUpdate("UPDATE runs SET result = 'interrupted', ended_at = ?, message = ? WHERE " + where)
          .bind(0, now.toEpochMilli()).bind(1, INTERRUPTED_MESSAGE).execute();
      return rows;
    }));
  }

  /** Newest first; {@code beforeId} pages backwards (exclusive). */
  public List<RunRecord> runs(String job, int limit, Optional<Long> beforeId) {
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    return retry.call(() -> jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM runs WHERE job = :job AND id < :before ORDER BY id DESC LIMIT :n")
        .bind("job", job).bind("before", beforeId.orElse(Long.MAX_VALUE)).bind("n", n)
        .map(RunHistory::map).list()));
  }

  public Optional<RunRecord> lastRun(String job) {
    return runs(job, 1, Optional.empty()).stream().findFirst();
  }

  public Optional<RunRecord> lastFinished(String job) {
    return retry.call(() -> jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM runs WHERE job = ? AND result <> 'running' ORDER BY id DESC LIMIT 1")
        .bind(0, job).map(RunHistory::map).findOne()));
  }

  /** The newest runs of every job, newest first (at most {@link #MAX_PAGE}). */
  public List<RunRecord> recent(int limit) {
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    return retry.call(() -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM runs ORDER BY id DESC LIMIT ?")
        .bind(0, n).map(RunHistory::map).list()));
  }

  /** The job's newest run that failed or was interrupted. */
  public Optional<RunRecord> lastFailure(String job) {
    return retry.call(() -> jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM runs WHERE job = ? AND result IN ('failure', 'interrupted') ORDER BY id DESC LIMIT 1")
        .bind(0, job).map(RunHistory::map).findOne()));
  }

  /** End time of the newest successful run of each job. */
  public Map<String, Instant> lastSuccesses() {
    return retry.call(() -> jdbi.withHandle(h -> {
      Map<String, Instant> out = new HashMap<>();
      h.createQuery("SELECT job, MAX(ended_at) AS t FROM runs WHERE result = 'success' GROUP BY job")
          .map((rs, ctx) -> Map.entry(rs.getString("job"), Instant.ofEpochMilli(rs.getLong("t"))))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    }));
  }

  /** End time of the job's newest successful run. */
  public Optional<Instant> lastSuccess(String job) {
    return retry.call(() -> jdbi.withHandle(h -> h.createQuery(
            "SELECT MAX(ended_at) FROM runs WHERE job = ? AND result = 'success'")
        .bind(0, job).mapTo(Long.class).findOne().map(Instant::ofEpochMilli)));
  }

  /** True when the job has any history row (it existed in an earlier run of the worker). */
  public boolean hasRuns(String job) {
    return lastRun(job).isPresent();
  }

  /** Deletes finished runs that started before {@code cutoff}; returns how many. */
  public int prune(Instant cutoff) {
    return retry.call(() -> jdbi.withHandle(h -> h.createUpdate(
            "DELETE FROM runs WHERE started_at < ? AND result <> 'running'")
        .bind(0, cutoff.toEpochMilli()).execute()));
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  static RunRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new RunRecord(rs.getLong("id"), rs.getString("job"), rs.getString("trigger"),
        instant(rs, "scheduled_at"), instant(rs, "started_at"), instant(rs, "ended_at"),
        rs.getString("result"), rs.getString("message"), rs.getString("details"));
  }
}

package io.hostkeeper.worker.sqlite;

import io.hostkeeper.common.config.DeleteOlderThan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * delete_older_than: deletes rows whose timestamp column (unix seconds, or ISO-8601 / SQLite
 * date text) is older than the age, in batches of {@code batch_size} rows, each batch its own
 * short transaction so writers are never blocked for long.
 */
final class RetentionDelete {
  private RetentionDelete() {}

  static StepResult run(Connection c, List<DeleteOlderThan> rules, Instant now, long started) throws SQLException {
    Map<String, Object> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    long total = 0;
    for (DeleteOlderThan rule : rules) {
      String problem = missing(c, rule);
      if (problem != null) {
        problems.add(problem);
        continue;
      }
      Instant cutoff = now.minus(rule.age());
      String sql = "DELETE FROM \"" + rule.table() + "\" WHERE rowid IN (SELECT rowid FROM \"" + rule.table() + "\" WHERE "
          + "CASE WHEN typeof(\"" + rule.column() + "\") IN ('integer', 'real') THEN \"" + rule.column() + "\" < ? "
          + "ELSE julianday(\"" + rule.column() + "\") < julianday(?) END LIMIT ?)";
      long deleted = 0;
      int batches = 0;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        while (true) {
          ps.setLong(1, cutoff.getEpochSecond());
          ps.setString(2, cutoff.toString());
          ps.setInt(3, rule.batchSize());
          int n = ps.executeUpdate();
          deleted += n;
          batches++;
          if (n < rule.batchSize()) break;
          Thread.yield();
        }
      }
      found.put(rule.table() + "." + rule.column(), Map.of("deleted_rows", deleted, "batches", batches, "cutoff", cutoff.toString()));
      total += deleted;
    }
    if (!problems.isEmpty()) {
      found.put("problems", problems);
      return new StepResult("delete_older_than", StepResult.Status.FAILED, String.join("; ", problems), found, SqliteSteps.seconds(started));
    }
    return new StepResult("delete_older_than", StepResult.Status.OK, "deleted " + total + " rows", found, SqliteSteps.seconds(started));
  }

  private static String missing(Connection c, DeleteOlderThan rule) throws SQLException {
    boolean table = false;
    boolean column = false;
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
      ps.setString(1, rule.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          table = true;
          if (rs.getString(1).equalsIgnoreCase(rule.column())) column = true;
        }
      }
    }
    if (!table) return "no table \"" + rule.table() + "\" in the database; check delete_older_than.table";
    if (!column) return "table \"" + rule.table() + "\" has no column \"" + rule.column() + "\"; check delete_older_than.column";
    return null;
  }
}

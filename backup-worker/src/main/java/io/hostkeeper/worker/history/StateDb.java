package io.hostkeeper.worker.history;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The worker's state database (SQLite, WAL, busy timeout). Each area owns its tables and migrates
 * them independently: {@code migrate(jdbi, "backup", List.of(ddlV1, ddlV2, ...))} applies the steps
 * not yet applied for that area, each in its own transaction, and records the area's version.
 */
public final class StateDb {
  private StateDb() {}

  public static void migrate(Jdbi jdbi, String area, List<String> steps) {
    jdbi.useTransaction(h -> {
      h.execute("CREATE TABLE IF NOT EXISTS schema_versions (area TEXT PRIMARY KEY, version INTEGER NOT NULL)");
      int current = h.createQuery("SELECT version FROM schema_versions WHERE area = ?")
          .bind(0, area).mapTo(Integer.class).findOne().orElse(0);
      if (current > steps.size()) {
        throw new IllegalStateException("state database has " + area + " schema version " + current
            + ", newer than this worker knows (" + steps.size() + "); upgrade the worker");
      }
      for (int v = current; v < steps.size(); v++) {
        for (String statement : steps.get(v).split(";\\s*\\n")) {
          if (!statement.isBlank()) h.execute(statement);
        }
      }
      h.execute("INSERT INTO schema_versions(area, version) VALUES (?, ?) "
          + "ON CONFLICT(area) DO UPDATE SET version = excluded.version", area, steps.size());
    });
  }
}

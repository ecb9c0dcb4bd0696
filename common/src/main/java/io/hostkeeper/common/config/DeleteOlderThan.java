package io.hostkeeper.common.config;

import java.time.Duration;

/** Delete rows of {@code table} whose {@code column} (unix seconds, or ISO-8601 text) is older than {@code age}. */
public record DeleteOlderThan(
    @Required String table,
    @Required String column,
    @Required Duration age,
    @Default("1000") int batchSize) {
  private static final String IDENT = "[A-Za-z_][A-Za-z0-9_]{0,63}";

  public DeleteOlderThan {
    if (table != null && !table.matches(IDENT)) throw new ConfigViolation("table", "must be a plain SQL identifier");
    if (column != null && !column.matches(IDENT)) throw new ConfigViolation("column", "must be a plain SQL identifier");
    if (batchSize < 1) throw new ConfigViolation("batch_size", "must be at least 1");
  }
}

package io.hostkeeper.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/** One entry of {@code databases:}: SQLite maintenance. */
public record DatabaseConfig(
    @Required Path path,
    /** Label value for metrics and job name; absent means the file name without extension. */
    String name,
    @Default("@weekly") Schedule schedule,
    @Default("[integrity_check, vacuum, optimize]") List<SqliteStep> steps,
    /** Rows deleted in bounded batches by the {@code delete_older_than} step. */
    List<DeleteOlderThan> deleteOlderThan,
    @Default("30s") Duration busyTimeout,
    ZoneId timeZone,
    @Default("true") boolean catchUp) implements ScheduledConfig {

  public enum SqliteStep {
    INTEGRITY_CHECK, QUICK_CHECK, WAL_CHECKPOINT, VACUUM, ANALYZE, OPTIMIZE, REINDEX, DELETE_OLDER_THAN
  }

  public DatabaseConfig {
    steps = List.copyOf(steps);
    deleteOlderThan = List.copyOf(deleteOlderThan);
    if (steps.contains(SqliteStep.DELETE_OLDER_THAN) && deleteOlderThan.isEmpty()) {
      throw new ConfigViolation("delete_older_than", "the delete_older_than step needs at least one {table, column, age} entry");
    }
  }
}

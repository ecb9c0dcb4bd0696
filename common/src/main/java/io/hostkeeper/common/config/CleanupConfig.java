package io.hostkeeper.common.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * One entry of {@code cleanup:}: removes old files (and directories left empty) matched by globs.
 * Never follows links, never leaves the file system of a glob's root, never removes a non-empty
 * directory or a file some process holds open.
 */
public record CleanupConfig(
    /** Label of the job ({@code cleanup:<name>}) and of its metrics. */
    @Required String name,
    /** Absolute globs such as {@code /tmp/app-*} or {@code /var/tmp/build/**}; a matched directory is cleaned inside. */
    @Required List<String> paths,
    /** Files whose modification time is older than this go. */
    @Required Duration olderThan,
    @Default("@daily") Schedule schedule,
    /** Only delete while the file system has less than this available; absent: always delete. */
    ByteSize minFree,
    /** At most this many deletions per run, oldest first; absent: no limit. */
    Integer maxDeletions,
    /** List what would go, delete nothing. */
    @Default("false") boolean dryRun,
    ZoneId timeZone,
    @Default("true") boolean catchUp) implements ScheduledConfig {

  public CleanupConfig {
    paths = List.copyOf(paths);
    if (name != null && !name.matches(CommandConfig.NAME_PATTERN)) {
      throw new ConfigViolation("name", "use 1 to 64 letters, digits, '_', '.' or '-', got " + Texts.quote(name));
    }
    if (paths.isEmpty() && name != null) throw new ConfigViolation("paths", "needs at least one absolute glob, e.g. [\"/var/tmp/app-*\"]");
    for (int i = 0; i < paths.size(); i++) {
      String problem = CleanupGlob.problem(paths.get(i));
      if (problem != null) throw new ConfigViolation("paths[" + i + "]", problem);
    }
    if (olderThan != null && olderThan.isNegative()) throw new ConfigViolation("older_than", "must not be negative");
    if (maxDeletions != null && maxDeletions < 1) throw new ConfigViolation("max_deletions", "must be at least 1 (leave it out for no limit)");
  }
}

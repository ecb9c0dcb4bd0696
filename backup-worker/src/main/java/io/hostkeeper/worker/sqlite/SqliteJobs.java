package io.hostkeeper.worker.sqlite;

import io.hostkeeper.common.config.DatabaseConfig;
import io.hostkeeper.common.config.DatabaseConfig.SqliteStep;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@link SqliteMaintenanceJob} per {@code databases:} entry ({@code sqlite:<name>}), plus
 * {@code sqlite:state} for the worker's own {@code <data_dir>/state.db} when the config does not
 * list it: weekly integrity check, WAL checkpoint, VACUUM and optimize. No I/O.
 */
public final class SqliteJobs implements JobProvider {
  /** The state database's default maintenance: Sundays 03:30, worker time zone. */
  static final Schedule STATE_SCHEDULE = Schedule.parse("30 3 * * 0");

  private final DiskSpace disk;

  public SqliteJobs() {
    this(DiskSpace.REAL);
  }

  public SqliteJobs(DiskSpace disk) {
    this.disk = disk;
  }

  @Override
  public List<HostkeeperJob> jobs(WorkerContext context) {
    List<DatabaseConfig> databases = new ArrayList<>(context.config().databases());
    Path state = context.dataDir().resolve("state.db").toAbsolutePath().normalize();
    boolean listed = databases.stream().anyMatch(d -> d.path().toAbsolutePath().normalize().equals(state));
    List<String> names = new ArrayList<>();
    for (DatabaseConfig d : databases) names.add(d.name());
    if (!listed) {
      databases.add(stateDatabase(state));
      names.add("state");
    }
    SqliteMetrics metrics = SqliteMetrics.in(context.registry());
    Set<String> used = new HashSet<>();
    List<HostkeeperJob> jobs = new ArrayList<>();
    for (int i = 0; i < databases.size(); i++) {
      DatabaseConfig d = databases.get(i);
      String base = label(names.get(i), d.path());
      String label = base;
      for (int n = 2; !used.add(label); n++) label = base + "_" + n;
      jobs.add(new SqliteMaintenanceJob(d, label, metrics, context.dataDir().resolve("sqlite").resolve(label + ".metrics"), disk));
    }
    return jobs;
  }

  static DatabaseConfig stateDatabase(Path path) {
    return new DatabaseConfig(path, "state", STATE_SCHEDULE,
        List.of(SqliteStep.QUICK_CHECK, SqliteStep.WAL_CHECKPOINT, SqliteStep.VACUUM, SqliteStep.OPTIMIZE),
        List.of(), Duration.ofSeconds(30), null, true);
  }

  /** The name, else the file name without its extension; sanitized for a job name and label. */
  static String label(String name, Path path) {
    String base = name;
    if (base == null) {
      base = path.getFileName().toString();
      int dot = base.lastIndexOf('.');
      if (dot > 0) base = base.substring(0, dot);
    }
    base = base.replaceAll("[^A-Za-z0-9_.-]+", "_");
    if (base.isEmpty()) base = "db";
    return base.length() > 64 ? base.substring(0, 64) : base;
  }
}

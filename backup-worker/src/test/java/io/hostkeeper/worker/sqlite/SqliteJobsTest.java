package io.hostkeeper.worker.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.DatabaseConfig;
import io.hostkeeper.common.config.DatabaseConfig.SqliteStep;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteJobsTest {
  private static final Schedule WEEKLY = new Schedule("@weekly", "0 0 0 ? * SUN", null);

  private static DatabaseConfig db(String path, String name) {
    return new DatabaseConfig(Path.of(path), name, WEEKLY, List.of(SqliteStep.VACUUM), List.of(), Duration.ofSeconds(30), null, true);
  }

  private static List<String> names(List<DatabaseConfig> dbs) {
    WorkerContext ctx = new WorkerContext(new HostkeeperConfig(null, List.of(), null, List.of(), List.of(), dbs),
        Path.of("/var/lib/hostkeeper"), new PrometheusRegistry(), null, Clock.systemUTC());
    return new SqliteJobs().jobs(ctx).stream().map(HostkeeperJob::name).toList();
  }

  @Test
  void addsTheStateDatabaseUnlessListedAndKeepsNamesUnique() {
    assertEquals(List.of("sqlite:state"), names(List.of()));
    assertEquals(List.of("sqlite:data", "sqlite:data_2", "sqlite:custom", "sqlite:state"),
        names(List.of(db("/opt/a/data.db", null), db("/opt/b/data.sqlite", null), db("/x/y.db", "custom"))));
    assertEquals(List.of("sqlite:mine"), names(List.of(db("/var/lib/hostkeeper/./state.db", "mine"))));
  }

  @Test
  void theStateDatabaseGetsACheckCheckpointVacuumAndOptimize() {
    DatabaseConfig state = SqliteJobs.stateDatabase(Path.of("/d/state.db"));
    assertEquals(List.of(SqliteStep.QUICK_CHECK, SqliteStep.WAL_CHECKPOINT, SqliteStep.VACUUM, SqliteStep.OPTIMIZE), state.steps());
  }
}

package io.hostkeeper.worker;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.worker.admin.AdminRoutes;
import io.hostkeeper.worker.job.JobProvider;
import io.hostkeeper.worker.logs.LogChecks;
import io.hostkeeper.worker.logs.LogJobs;
import io.hostkeeper.worker.sqlite.SqliteChecks;
import io.hostkeeper.worker.sqlite.SqliteJobs;
import io.hostkeeper.worker.watchdog.WatchdogChecks;
import io.hostkeeper.worker.watchdog.WatchdogJobs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * THE list of what the areas plug into the worker: job providers, admin routes and CLI
 * subcommands. Adding an area is one line in each list below that applies; nothing else in the
 * worker names an area.
 *
 * @param providers build each area's jobs from the config (no I/O)
 * @param routes build each area's admin routes (mounted behind the bearer token)
 */
public record WorkerModules(List<JobProvider> providers, List<Function<WorkerContext, AdminRoutes>> routes) {

  public WorkerModules {
    providers = List.copyOf(providers);
    routes = List.copyOf(routes);
  }

  /**
   * What the worker jar runs. An area whose routes share state with its jobs passes one instance
   * to both lists (e.g. {@code WatchdogJobs watchdog = new WatchdogJobs();} then {@code watchdog}
   * in the providers and {@code watchdog::routes} in the routes).
   */
  public static WorkerModules standard() {
    WatchdogJobs watchdog = new WatchdogJobs();
    return new WorkerModules(
        List.of(new LogJobs(), new SqliteJobs(), watchdog),
        List.of(watchdog::routes));
  }

  /** picocli subcommand classes added to the worker CLI next to run, jobs and check-config. */
  public static List<Class<?>> subcommands() {
    List<Class<?>> commands = new ArrayList<>();
    // one line per area command, e.g. commands.add(io.hostkeeper.worker.backup.RestoreCommand.class);
    return commands;
  }

  /**
   * The areas' config checks that need I/O, run by {@code check-config} after the worker's own
   * ({@link io.hostkeeper.worker.cli.WorkerChecks}); one line per area, e.g.
   * {@code checks.add(io.hostkeeper.worker.watchdog.WatchdogChecks::check);}.
   */
  public static List<Function<LoadedConfig, List<ConfigError>>> checks() {
    List<Function<LoadedConfig, List<ConfigError>>> checks = new ArrayList<>();
    checks.add(io.hostkeeper.worker.cli.WorkerChecks::check);
    checks.add(LogChecks::check);
    checks.add(SqliteChecks::check);
    checks.add(WatchdogChecks::check);
    return checks;
  }

  public List<AdminRoutes> routesFor(WorkerContext context) {
    return routes.stream().map(f -> f.apply(context)).toList();
  }
}

package io.hostkeeper.worker;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.worker.admin.AdminRoutes;
import io.hostkeeper.worker.backup.BackupChecks;
import io.hostkeeper.worker.backup.BackupJobs;
import io.hostkeeper.worker.backup.BackupRoutes;
import io.hostkeeper.worker.backup.cli.BackupCommand;
import io.hostkeeper.worker.backup.cli.KeysCommand;
import io.hostkeeper.worker.backup.cli.RestoreCommand;
import io.hostkeeper.worker.backup.cli.VerifyCommand;
import io.hostkeeper.worker.cleanup.CleanupChecks;
import io.hostkeeper.worker.cleanup.CleanupJobs;
import io.hostkeeper.worker.commands.CommandChecks;
import io.hostkeeper.worker.commands.CommandJobs;
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
 * subcommands. Adding an area is one line in each list below that applies. Beyond these lists,
 * only the worker's status page ({@code status.WorkerStatusSource}) names areas: it reads the
 * backup catalogue and the watchdog's records.
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
        List.of(new BackupJobs(), new LogJobs(), new SqliteJobs(), watchdog, new CommandJobs(), new CleanupJobs()),
        List.of(BackupRoutes::new, watchdog::routes));
  }

  /** picocli subcommand classes added to the worker CLI next to run, jobs and check-config. */
  public static List<Class<?>> subcommands() {
    List<Class<?>> commands = new ArrayList<>();
    commands.add(BackupCommand.class);
    commands.add(RestoreCommand.class);
    commands.add(VerifyCommand.class);
    commands.add(KeysCommand.class);
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
    checks.add(BackupChecks::check);
    checks.add(LogChecks::check);
    checks.add(SqliteChecks::check);
    checks.add(WatchdogChecks::check);
    checks.add(CommandChecks::check);
    checks.add(CleanupChecks::check);
    return checks;
  }

  /** Likely mistakes that do not stop the worker: check-config lists them as warnings, run logs them. */
  public static List<ConfigError> runWarnings(LoadedConfig loaded) {
    List<ConfigError> warnings = new ArrayList<>(WatchdogChecks.warnings(loaded));
    warnings.addAll(io.hostkeeper.common.web.WebConfigCheck.warnings(loaded, "worker.web_config_file",
        loaded.config().worker().webConfigFile()));
    return warnings;
  }

  /** Every check of {@link #checks()} on one configuration: what check-config reports and start-up refuses. */
  public static List<ConfigError> runChecks(LoadedConfig loaded) {
    return checks().stream().flatMap(check -> check.apply(loaded).stream()).toList();
  }

  public List<AdminRoutes> routesFor(WorkerContext context) {
    return routes.stream().map(f -> f.apply(context)).toList();
  }
}

package io.hostkeeper.worker.cli;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.cli.Foreground;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.CheckedConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigException;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.WorkerPaths;
import io.hostkeeper.worker.StartRefusals;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.WorkerReload;
import io.hostkeeper.common.reload.Hangup;
import io.hostkeeper.worker.WorkerStartException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the worker in the foreground until Ctrl-C / SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start the scheduler, the metrics endpoint and the admin API in the foreground (the default command)."
        + " Ctrl-C or SIGTERM stops cleanly, waiting up to --stop-timeout for running jobs.")
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Mixin CommonOptions common = new CommonOptions();
  @Spec CommandSpec spec;

  static final long DEFAULT_STOP_TIMEOUT_SECONDS = 30;

  @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "On stop, how long to wait for running jobs before they are marked interrupted (default: ${DEFAULT-VALUE}).")
  long stopTimeoutSeconds = 30;

  @Override
  public Integer call() throws InterruptedException {
    return run(spec, stopTimeoutSeconds);
  }

  /** Runs the worker with the options of {@code spec} (this command, or the root when it has none). */
  static int run(CommandSpec spec, long stopTimeoutSeconds) throws InterruptedException {
    Options.configureLogging(spec);
    if (stopTimeoutSeconds < 0) throw new StartupFailure("--stop-timeout must not be negative");
    // Every problem of the file at once, as check-config lists them. A broken entry refuses only its
    // own job (StartRefusals); a problem of the file's shape or outside any entry stops the start.
    LoadedConfig loaded;
    try {
      loaded = WorkerCli.withFlags(spec, ConfigLoader.load(CommonOptions.configFile(spec)));
    } catch (ConfigException e) {
      throw new ConfigException(CheckedConfig.of(e, WorkerModules::runChecks).errors(), e.source());
    }
    List<ConfigError> problems = WorkerModules.runChecks(loaded);
    StartRefusals refusals = StartRefusals.sort(loaded.config(), problems);
    if (refusals.refusesWorker()) CheckedConfig.of(loaded, l -> problems).orThrow();
    log.info("hostkeeper-worker starting with configuration from {}", loaded.source());
    WorkerModules.runWarnings(loaded).forEach(w -> log.warn("{}", w));
    Worker.Options options = new Worker.Options(Worker.Options.defaults().busyTimeout(), Worker.Options.defaults().retry(),
        Duration.ofSeconds(stopTimeoutSeconds)).withRefusals(refusals);
    Worker worker;
    try {
      worker = Worker.start(loaded.config(), WorkerPaths.dataDir(loaded.config().worker()), Clock.systemDefaultZone(),
          WorkerModules.standard(), options);
    } catch (WorkerStartException e) {
      throw new StartupFailure(e.getMessage());
    }
    WorkerReload reload = new WorkerReload(worker, CommonOptions.configFile(spec), loaded, l -> WorkerCli.withFlags(spec, l));
    if (Hangup.onHangup("worker", reload::reload)) log.info("SIGHUP (systemctl reload) reloads the configuration");
    Foreground.untilStopped(worker::close);
    return 0;
  }
}

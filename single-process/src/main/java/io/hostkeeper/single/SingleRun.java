package io.hostkeeper.single;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.cli.Foreground;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.CheckedConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigException;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.reload.Hangup;
import io.hostkeeper.exporter.ExporterStartup;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.worker.StartRefusals;
import io.hostkeeper.worker.WorkerModules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks the configuration for both halves, starts them, serves until SIGTERM / Ctrl-C. */
final class SingleRun {
  private static final Logger log = LoggerFactory.getLogger(SingleRun.class);

  private SingleRun() {}

  static int run(CommonOptions common, ExporterOptions exporterOptions, long stopTimeoutSeconds) throws InterruptedException {
    common.configureLogging();
    if (stopTimeoutSeconds < 0) throw new StartupFailure("--stop-timeout must not be negative");
    LoadedConfig loaded = load(common, exporterOptions);
    List<ConfigError> exporterProblems = ExporterStartup.check(loaded, exporterOptions);
    List<ConfigError> workerProblems = WorkerModules.runChecks(loaded);
    // As in the two jars: any exporter problem stops the start; a broken worker entry refuses only its job.
    StartRefusals refusals = StartRefusals.sort(loaded.config(), workerProblems);
    if (!exporterProblems.isEmpty() || refusals.refusesWorker()) {
      CheckedConfig.of(loaded, l -> both(exporterProblems, workerProblems)).orThrow();
    }
    log.info("hostkeeper single process (exporter and worker in one JVM) starting with configuration from {}",
        loaded.source());
    WorkerModules.runWarnings(loaded).forEach(w -> log.warn("{}", w));
    SingleProcess both = SingleProcess.start(
        SingleProcess.Setup.standard(common.configFile(), exporterOptions, Duration.ofSeconds(stopTimeoutSeconds)),
        loaded, refusals);
    if (Hangup.onHangup("hostkeeper", both::reload)) log.info("SIGHUP (systemctl reload) reloads the configuration of both");
    Foreground.untilStopped(both::close);
    return 0;
  }

  /** The file, or, when it does not bind, every problem both halves find in it. */
  private static LoadedConfig load(CommonOptions common, ExporterOptions exporterOptions) {
    try {
      return ConfigLoader.load(common.configFile());
    } catch (ConfigException e) {
      throw new ConfigException(CheckedConfig.of(e, l -> checks(l, exporterOptions)).errors(), e.source());
    }
  }

  /** The exporter's checks, then the worker's: what {@code check-config} lists. */
  static List<ConfigError> checks(LoadedConfig loaded, ExporterOptions exporterOptions) {
    return both(ExporterStartup.check(loaded, exporterOptions), WorkerModules.runChecks(loaded));
  }

  private static List<ConfigError> both(List<ConfigError> a, List<ConfigError> b) {
    List<ConfigError> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

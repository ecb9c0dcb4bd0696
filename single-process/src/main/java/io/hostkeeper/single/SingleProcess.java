package io.hostkeeper.single;

import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.WorkerPaths;
import io.hostkeeper.exporter.ExporterStartup;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.hostkeeper.worker.StartRefusals;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.WorkerReload;
import io.hostkeeper.worker.WorkerStartException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter and the worker in one JVM, each exactly as its own jar starts it: same ports,
 * configuration, metrics and behaviour. Nothing is shared but the heap and the configuration file.
 * Each keeps its own threads: the exporter's HTTP pool, collector threads and service-check pool;
 * the worker's Quartz pool (one thread per job, so a long job never delays another), its metrics
 * and admin HTTP pools. So a hanging collector holds one collector thread (never a job thread),
 * and a long backup holds one job thread (never an HTTP or collector thread).
 *
 * <p>Starts the exporter first (a scrape answers as early as in the two-process layout), then the
 * worker; a worker that cannot start stops the exporter again. Stops the worker first (it waits
 * for running jobs while scrapes are still answered), then the exporter.
 */
public final class SingleProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SingleProcess.class);

  /** What the two halves are started with, beyond the configuration. */
  public record Setup(Optional<Path> configFile, ExporterOptions exporterOptions, Duration stopTimeout,
      WorkerModules modules, List<CollectorRegistry.Factory> moreCollectors, Clock clock) {
    public Setup {
      if (stopTimeout.isNegative()) throw new IllegalArgumentException("the stop timeout must not be negative");
      moreCollectors = List.copyOf(moreCollectors);
    }

    /** As the jar runs: the standard worker areas, the exporter's own collectors, the system clock. */
    public static Setup standard(Optional<Path> configFile, ExporterOptions exporterOptions, Duration stopTimeout) {
      return new Setup(configFile, exporterOptions, stopTimeout, WorkerModules.standard(), List.of(), Clock.systemDefaultZone());
    }
  }

  private final ExporterStartup.Started exporter;
  private final Worker worker;
  private final WorkerReload workerReload;

  private SingleProcess(ExporterStartup.Started exporter, Worker worker, WorkerReload workerReload) {
    this.exporter = exporter;
    this.worker = worker;
    this.workerReload = workerReload;
  }

  /**
   * Starts both on a configuration the exporter's checks accept and whose worker problems are
   * sorted into {@code refusals}.
   *
   * @throws StartupFailure a port in use, an unusable data directory, ... (one line)
   */
  public static SingleProcess start(Setup setup, LoadedConfig loaded, StartRefusals refusals) {
    ExporterStartup.Started exporter = ExporterStartup.start(setup.configFile(), setup.exporterOptions(), loaded,
        setup.moreCollectors());
    try {
      Worker.Options defaults = Worker.Options.defaults();
      Worker.Options options = new Worker.Options(defaults.busyTimeout(), defaults.retry(), setup.stopTimeout())
          .withRefusals(refusals);
      Worker worker = Worker.start(loaded.config(), WorkerPaths.dataDir(loaded.config().worker()), setup.clock(),
          setup.modules(), options);
      return new SingleProcess(exporter, worker, new WorkerReload(worker, setup.configFile(), loaded));
    } catch (WorkerStartException e) {
      exporter.close();
      throw new StartupFailure(e.getMessage());
    } catch (RuntimeException e) {
      exporter.close();
      throw e;
    }
  }

  public int exporterPort() {
    return exporter.port();
  }

  public Worker worker() {
    return worker;
  }

  /** SIGHUP: both halves re-read the file; each keeps its running configuration when the new one is invalid. */
  public void reload() {
    boolean exporterOk = exporter.reload();
    boolean workerOk = workerReload.reload();
    if (!exporterOk || !workerOk) {
      log.warn("reload: the {} kept its running configuration (see above)",
          !exporterOk && !workerOk ? "exporter and the worker" : !exporterOk ? "exporter" : "worker");
    }
  }

  /** The worker first (bounded by the stop timeout, scrapes still answered meanwhile), then the exporter. */
  @Override
  public void close() {
    try {
      worker.close();
    } finally {
      exporter.close();
    }
  }
}

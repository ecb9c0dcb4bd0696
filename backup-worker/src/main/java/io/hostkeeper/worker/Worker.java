package io.hostkeeper.worker;

import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.JobScheduler;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.hostkeeper.worker.metrics.WorkerMetricsServer;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running worker: state database, jobs, scheduler, admin API and metrics endpoint. Ports are
 * bound before the scheduler starts, so a start-up failure never leaves a job half-run.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /**
   * Knobs that are not in the config file.
   *
   * @param refusals the entries whose start-up checks failed: their jobs are refused, the rest run
   */
  public record Options(Duration busyTimeout, BusyRetry retry, Duration stopTimeout, StartRefusals refusals) {
    public Options {
      if (refusals.refusesWorker()) throw new IllegalArgumentException("problems that refuse the worker: " + refusals.global());
    }

    public Options(Duration busyTimeout, BusyRetry retry, Duration stopTimeout) {
      this(busyTimeout, retry, stopTimeout, StartRefusals.none());
    }

    public static Options defaults() {
      return new Options(StateDatabase.DEFAULT_BUSY_TIMEOUT, BusyRetry.standard(), Duration.ofSeconds(30));
    }

    public Options withRefusals(StartRefusals r) {
      return new Options(busyTimeout, retry, stopTimeout, r);
    }
  }

  private volatile WorkerContext context;
  private final JobScheduler scheduler;
  private final JobRunner runner;
  private final RunHistory history;
  private final Javalin admin;
  private final WorkerMetricsServer metrics;
  private final Options options;
  private final DataDirLock lock;
  private final StateDatabase stateDb;
  /** What a configuration reload needs to rebuild the jobs ({@link WorkerReload}). */
  private final Reloadable reloadable;

  /** The areas, the jobs each built at start, and the job metrics: for {@link WorkerReload}. */
  record Reloadable(WorkerModules modules, Map<JobProvider, List<HostkeeperJob>> jobsByProvider, JobMetrics jobMetrics,
      AtomicReference<HostkeeperConfig> currentConfig) {}

  Worker(WorkerContext context, JobScheduler scheduler, JobRunner runner, RunHistory history,
      Javalin admin, WorkerMetricsServer metrics, Options options, DataDirLock lock, StateDatabase stateDb,
      Reloadable reloadable) {
    this.reloadable = reloadable;
    this.lock = lock;
    this.stateDb = stateDb;
    this.context = context;
    this.scheduler = scheduler;
    this.runner = runner;
    this.history = history;
    this.admin = admin;
    this.metrics = metrics;
    this.options = options;
  }

  /**
   * Starts the worker, step by step ({@link WorkerStartup}); a failed start lets go of whatever it
   * held (ports, scheduler, database, lock) before it throws.
   */
  public static Worker start(HostkeeperConfig config, Path dataDir, Clock clock, WorkerModules modules, Options options)
      throws WorkerStartException {
    try (WorkerStartup startup = new WorkerStartup(config, dataDir, clock, modules, options)) {
      return startup.run();
    }
  }

  public WorkerContext context() {
    return context;
  }

  Reloadable reloadable() {
    return reloadable;
  }

  /** After a configuration reload: the context jobs built from now on see. */
  void context(WorkerContext next) {
    this.context = next;
    reloadable.currentConfig().set(next.config());
  }

  public JobScheduler scheduler() {
    return scheduler;
  }

  public JobRunner runner() {
    return runner;
  }

  public RunHistory history() {
    return history;
  }

  public int adminPort() {
    return admin.port();
  }

  public int metricsPort() {
    return metrics.port();
  }

  /** Stops firing, waits (bounded) for running jobs, closes the endpoints. */
  @Override
  public void close() {
    log.info("stopping the worker");
    scheduler.shutdown(options.stopTimeout());
    admin.stop();
    metrics.close();
    stateDb.close();
    lock.close();
    log.info("worker stopped");
  }
}

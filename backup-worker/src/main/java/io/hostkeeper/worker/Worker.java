package io.hostkeeper.worker;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.web.WebConfigCheck;
import io.hostkeeper.common.web.WebSecurity;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.WorkerConfig;
import io.hostkeeper.worker.admin.AdminApp;
import io.hostkeeper.worker.admin.AdminRoutes;
import io.hostkeeper.worker.admin.AdminToken;
import io.hostkeeper.worker.admin.JobRoutes;
import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.HistoryPruneJob;
import io.hostkeeper.worker.history.PauseStore;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.JobScheduler;
import io.hostkeeper.worker.job.RefusedJob;
import io.hostkeeper.worker.job.RunTrigger;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.hostkeeper.worker.metrics.WorkerMetricsServer;
import io.hostkeeper.worker.status.WorkerStatusRoutes;
import io.hostkeeper.worker.status.WorkerStatusSource;
import io.javalin.Javalin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
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

  private Worker(WorkerContext context, JobScheduler scheduler, JobRunner runner, RunHistory history,
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

  public static Worker start(HostkeeperConfig config, Path dataDir, Clock clock, WorkerModules modules, Options options)
      throws WorkerStartException {
    prepareDataDir(dataDir);
    DataDirLock lock = DataDirLock.acquire(dataDir);
    StateDatabase stateDb = null;
    try {
      stateDb = openStateDb(dataDir, options);
      return startLocked(config, dataDir, clock, modules, options, lock, stateDb);
    } catch (WorkerStartException | RuntimeException e) {
      if (stateDb != null) stateDb.close();
      lock.close();
      throw e;
    }
  }

  private static StateDatabase openStateDb(Path dataDir, Options options) throws WorkerStartException {
    try {
      return StateDatabase.open(dataDir, options.busyTimeout());
    } catch (RuntimeException e) {
      throw new WorkerStartException("cannot open the state database " + dataDir.resolve(StateDatabase.FILE_NAME)
          + ": " + rootMessage(e));
    }
  }

  private static Worker startLocked(HostkeeperConfig config, Path dataDir, Clock clock, WorkerModules modules, Options options,
      DataDirLock lock, StateDatabase stateDb) throws WorkerStartException {
    WorkerConfig wc = config.worker();
    AdminConfig adminConfig = wc.admin();
    Path dbFile = dataDir.resolve(StateDatabase.FILE_NAME);
    Jdbi jdbi = stateDb.jdbi();
    RunHistory history;
    List<RunRecord> interrupted;
    try {
      history = new RunHistory(jdbi, options.retry());
      interrupted = history.markInterrupted(clock.instant(), Optional.empty());
      for (RunRecord r : interrupted) {
        log.warn("job {}: run {} started {} never finished (the worker was killed or crashed); marked interrupted",
            r.job(), r.id(), r.startedAt());
      }
    } catch (RuntimeException e) {
      throw new WorkerStartException("cannot read the state database " + dbFile + ": " + rootMessage(e));
    }

    PrometheusRegistry registry = new PrometheusRegistry();
    WorkerMetricsServer.registerJvmMetrics(registry);
    WorkerContext context = new WorkerContext(config, dataDir, registry, jdbi, clock);
    List<HostkeeperJob> jobs = new ArrayList<>();
    jobs.add(new HistoryPruneJob(history, wc.historyRetention()));
    Map<JobProvider, List<HostkeeperJob>> byProvider = new java.util.LinkedHashMap<>();
    for (JobProvider provider : modules.providers()) {
      try {
        byProvider.put(provider, provider.jobs(context));
        jobs.addAll(byProvider.get(provider));
      } catch (RuntimeException e) {
        throw new WorkerStartException("cannot build the jobs of " + provider.getClass().getSimpleName() + ": " + rootMessage(e));
      }
    }

    List<RefusedJob> refused;
    try {
      refused = options.refusals().applyTo(jobs);
    } catch (IllegalStateException e) {
      throw new WorkerStartException(e.getMessage());
    }
    for (RefusedJob r : refused) {
      log.error("job {}: refused at start, the other jobs run: {}; fix it (check-config lists it), then reload or restart"
          + " the worker", r.name(), String.join("; ", r.reasons()));
    }
    // a reload compares with what runs: the stand-ins
    byProvider.replaceAll((provider, built) -> built.stream().map(j -> refused.stream()
        .filter(r -> r.name().equals(j.name())).<HostkeeperJob>map(r -> r).findFirst().orElse(j)).toList());

    AtomicReference<HostkeeperConfig> currentConfig = new AtomicReference<>(config);
    AtomicReference<JobScheduler> schedulerRef = new AtomicReference<>();
    JobMetrics jobMetrics = new JobMetrics(registry, jobs.stream().map(HostkeeperJob::name).toList(),
        name -> Optional.ofNullable(schedulerRef.get()).flatMap(s -> s.nextRun(name)));
    restoreMetrics(jobMetrics, history, jobs);
    java.util.Set<String> names = new java.util.HashSet<>(jobs.stream().map(HostkeeperJob::name).toList());
    interrupted.stream().map(RunRecord::job).filter(names::contains).forEach(jobMetrics::interruptedBeforeStart);
    JobRunner runner = new JobRunner(history, jobMetrics, clock);
    ZoneId zone = wc.timeZone() != null ? wc.timeZone() : ZoneId.systemDefault();
    JobScheduler scheduler;
    try {
      scheduler = new JobScheduler(jobs, runner, history, new PauseStore(jdbi, options.retry()), zone, clock);
    } catch (IllegalArgumentException e) {
      throw new WorkerStartException(e.getMessage());
    }
    schedulerRef.set(scheduler);

    AdminToken token;
    try {
      token = AdminToken.forServer(adminConfig, dataDir);
    } catch (AdminToken.TokenException e) {
      throw new WorkerStartException(e.getMessage());
    }
    List<AdminRoutes> routes = new ArrayList<>();
    routes.add(new JobRoutes(scheduler, runner, history));
    try {
      routes.addAll(modules.routesFor(context));
    } catch (RuntimeException e) {
      throw new WorkerStartException("cannot build the admin routes: " + rootMessage(e));
    }
    Javalin admin = AdminApp.create(token.value(), routes,
        () -> Map.of("scheduler", scheduler.isPaused() ? "paused" : "running"));
    startAdmin(admin, adminConfig.listen());
    WorkerMetricsServer metricsServer;
    WebSecurity web;
    try {
      web = WebConfigCheck.open("worker metrics", "worker.web_config_file", wc.webConfigFile());
    } catch (StartupFailure e) {
      admin.stop();
      throw new WorkerStartException(e.getMessage());
    }
    if (web != null && web.basicAuth()) registry.register(web.metrics());
    try {
      metricsServer = WorkerMetricsServer.start(wc.metricsListen(), registry, new WorkerStatusRoutes(
          new WorkerStatusSource(() -> currentConfig.get(), scheduler, history, jdbi, BuildInfo.load(), clock)), web);
    } catch (IOException e) {
      admin.stop();
      throw new WorkerStartException("worker.metrics_listen " + wc.metricsListen() + ": cannot listen ("
          + rootMessage(e) + "); choose a free port or stop the process using it");
    }
    for (JobProvider provider : modules.providers()) {
      try {
        provider.atStart(context).forEach(log::info);
      } catch (RuntimeException e) {
        log.warn("{}: start-up work failed ({}); its jobs retry it when they run",
            provider.getClass().getSimpleName(), rootMessage(e));
      }
    }
    try {
      scheduler.start();
    } catch (Exception e) {
      scheduler.shutdown(Duration.ZERO);
      admin.stop();
      metricsServer.close();
      throw new WorkerStartException("cannot start the scheduler: " + rootMessage(e));
    }
    // recorded at once (as a start-up run, trigger catch-up), so the failure shows before the first hour
    for (RefusedJob r : refused) runner.run(r, RunTrigger.CATCH_UP, clock.instant());
    log.info("admin API on http://{}:{}/api (bearer token from {})", adminConfig.listen().host(), admin.port(), token.source());
    String scheme = web != null && web.tls() ? "https" : "http";
    log.info("metrics on {}://{}:{}/metrics, status page on {}://{}:{}/", scheme, wc.metricsListen().host(), metricsServer.port(),
        scheme, wc.metricsListen().host(), metricsServer.port());
    if (web != null) {
      log.info("metrics port web-config {}: TLS {}, basic auth {}", web.file(), web.tls() ? "on" : "off",
          web.basicAuth() ? "on" : "off");
    }
    boolean nothingConfigured = config.backups().isEmpty() && config.logs().isEmpty() && config.databases().isEmpty()
        && config.services().stream().noneMatch(s -> s.restart() != null);
    if (nothingConfigured) {
      log.info("scheduler started; no jobs configured, only the built-in ones {}: add backups, logs, databases"
          + " or services with a restart block to the config", jobs.stream().map(HostkeeperJob::name).toList());
    } else {
      log.info("scheduler started with {} jobs: {}", jobs.size(), jobs.stream().map(HostkeeperJob::name).toList());
    }
    return new Worker(context, scheduler, runner, history, admin, metricsServer, options, lock, stateDb,
        new Reloadable(modules, byProvider, jobMetrics, currentConfig));
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

  private static void prepareDataDir(Path dataDir) throws WorkerStartException {
    try {
      for (String line : io.hostkeeper.worker.history.DataDirectory.secure(dataDir)) log.warn("worker.data_dir: {}", line);
      Path probe = Files.createTempFile(dataDir, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new WorkerStartException("worker.data_dir " + dataDir + " is not a writable directory ("
          + IoErrors.describe(e) + "); create it and give the worker's user write access, or set worker.data_dir");
    }
  }

  private static void startAdmin(Javalin admin, HostPort listen) throws WorkerStartException {
    try {
      if (listen.port() != 0) {
        // Probe first: Javalin logs a failed bind with a stack trace, the user needs one line.
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
          probe.bind(new java.net.InetSocketAddress(listen.host(), listen.port()));
        }
      }
      admin.start(listen.host(), listen.port());
    } catch (RuntimeException | IOException e) {
      admin.stop();
      throw new WorkerStartException("worker.admin.listen " + listen + ": cannot listen (" + rootMessage(e)
          + "); choose a free port or stop the process using it");
    }
  }

  private static void restoreMetrics(JobMetrics metrics, RunHistory history, List<HostkeeperJob> jobs)
      throws WorkerStartException {
    try {
      Map<String, Instant> successes = history.lastSuccesses();
      for (HostkeeperJob job : jobs) {
        Optional<RunRecord> last = history.lastFinished(job.name());
        metrics.restore(job.name(), Optional.ofNullable(successes.get(job.name())),
            last.map(RunRecord::endedAt),
            last.map(r -> Duration.between(r.startedAt(), r.endedAt())));
      }
    } catch (RuntimeException e) {
      throw new WorkerStartException("cannot read the run history from the state database: " + rootMessage(e));
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}

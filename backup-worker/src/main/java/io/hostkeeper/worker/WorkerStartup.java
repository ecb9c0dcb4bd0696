package io.hostkeeper.worker;

import static io.hostkeeper.common.cli.StartupChecks.describe;
import static io.hostkeeper.common.cli.StartupChecks.rootMessage;

import io.hostkeeper.common.cli.StartupChecks;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.WorkerConfig;
import io.hostkeeper.worker.history.DataDirectory;
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
import io.hostkeeper.worker.metrics.JobMetrics;
import io.hostkeeper.worker.metrics.WorkerMetricsServer;
import io.javalin.Javalin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's start-up, one method per step, in this order: data directory, lock, the ports'
 * refusals (admin token, web-config, a port in use: {@link WorkerPorts#check}), state database,
 * run history, jobs (refused ones replaced), job metrics, scheduler (stored pauses read), metrics
 * port (the first scrape is answered from here), admin API, the areas' start-up work, then the
 * scheduler starts; both ports answer before it does. Each step that holds something registers how
 * to let it go; when a later step fails, what is held is let go in reverse order (ports, scheduler,
 * database, lock), so a failed start leaves nothing bound, locked or running.
 */
final class WorkerStartup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerStartup.class);

  private final HostkeeperConfig config;
  private final Path dataDir;
  private final Clock clock;
  private final WorkerModules modules;
  private final Worker.Options options;
  /** What the steps so far hold, newest first; emptied by {@link #done()}. */
  private final Deque<Runnable> undo = new ArrayDeque<>();

  WorkerStartup(HostkeeperConfig config, Path dataDir, Clock clock, WorkerModules modules, Worker.Options options) {
    this.config = config;
    this.dataDir = dataDir;
    this.clock = clock;
    this.modules = modules;
    this.options = options;
  }

  /** The jobs the worker runs, as built by the areas, with the refused ones replaced by stand-ins. */
  record Jobs(List<HostkeeperJob> all, Map<JobProvider, List<HostkeeperJob>> byProvider, List<RefusedJob> refused) {}

  Worker run() throws WorkerStartException {
    prepareDataDir();
    DataDirLock lock = hold(DataDirLock.acquire(dataDir), DataDirLock::close);
    WorkerPorts ports = WorkerPorts.check(config, dataDir);
    StateDatabase stateDb = hold(openStateDb(), StateDatabase::close);
    RunHistory history = new RunHistory(stateDb.jdbi(), options.retry());
    List<RunRecord> interrupted = markInterrupted(history);

    PrometheusRegistry registry = new PrometheusRegistry();
    WorkerMetricsServer.registerJvmMetrics(registry);
    WorkerContext context = new WorkerContext(config, dataDir, registry, stateDb.jdbi(), clock);
    Jobs jobs = buildJobs(context, history);

    AtomicReference<JobScheduler> schedulerRef = new AtomicReference<>();
    JobMetrics jobMetrics = new JobMetrics(registry, names(jobs.all()),
        name -> Optional.ofNullable(schedulerRef.get()).flatMap(s -> s.nextRun(name)));
    restoreMetrics(jobMetrics, history, jobs.all());
    Set<String> names = new HashSet<>(names(jobs.all()));
    interrupted.stream().map(RunRecord::job).filter(names::contains).forEach(jobMetrics::interruptedBeforeStart);
    JobRunner runner = new JobRunner(history, jobMetrics, clock);
    JobScheduler scheduler = hold(newScheduler(jobs.all(), runner, history, stateDb), s -> s.shutdown(Duration.ZERO));
    schedulerRef.set(scheduler);

    AtomicReference<HostkeeperConfig> currentConfig = new AtomicReference<>(config);
    // the registry is complete: scrapes are answered from here on, the rest of the start-up does not delay them
    WorkerMetricsServer metrics = hold(ports.startMetrics(registry, currentConfig::get, scheduler, history, stateDb, clock),
        WorkerMetricsServer::close);
    Javalin admin = hold(ports.startAdmin(context, modules, scheduler, runner, history), Javalin::stop);
    runAtStart(context);
    startScheduler(scheduler);
    done();

    // recorded at once (as a start-up run, trigger catch-up), so the failure shows before the first hour
    for (RefusedJob r : jobs.refused()) runner.run(r, io.hostkeeper.worker.job.RunTrigger.CATCH_UP, clock.instant());
    logStarted(admin, metrics, jobs.all());
    return new Worker(context, scheduler, runner, history, admin, metrics, options, lock, stateDb,
        new Worker.Reloadable(modules, jobs.byProvider(), jobMetrics, currentConfig));
  }

  private void prepareDataDir() throws WorkerStartException {
    try {
      for (String line : DataDirectory.secure(dataDir)) log.warn("worker.data_dir: {}", line);
      StartupChecks.probeWritable(dataDir);
    } catch (IOException | SecurityException e) {
      throw new WorkerStartException("worker.data_dir " + dataDir + " is not a writable directory ("
          + describe(e) + "); create it and give the worker's user write access, or set worker.data_dir");
    }
  }

  private StateDatabase openStateDb() throws WorkerStartException {
    try {
      return StateDatabase.open(dataDir, options.busyTimeout());
    } catch (RuntimeException e) {
      throw new WorkerStartException("cannot open the state database " + dbFile() + ": " + rootMessage(e));
    }
  }

  private List<RunRecord> markInterrupted(RunHistory history) throws WorkerStartException {
    try {
      List<RunRecord> interrupted = history.markInterrupted(clock.instant(), Optional.empty());
      for (RunRecord r : interrupted) {
        log.warn("job {}: run {} started {} never finished (the worker was killed or crashed); marked interrupted",
            r.job(), r.id(), r.startedAt());
      }
      return interrupted;
    } catch (RuntimeException e) {
      throw new WorkerStartException("cannot read the state database " + dbFile() + ": " + rootMessage(e));
    }
  }

  private Jobs buildJobs(WorkerContext context, RunHistory history) throws WorkerStartException {
    List<HostkeeperJob> jobs = new ArrayList<>();
    jobs.add(new HistoryPruneJob(history, config.worker().historyRetention()));
    Map<JobProvider, List<HostkeeperJob>> byProvider = new LinkedHashMap<>();
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
    return new Jobs(jobs, byProvider, refused);
  }

  private JobScheduler newScheduler(List<HostkeeperJob> jobs, JobRunner runner, RunHistory history, StateDatabase stateDb)
      throws WorkerStartException {
    WorkerConfig wc = config.worker();
    ZoneId zone = wc.timeZone() != null ? wc.timeZone() : ZoneId.systemDefault();
    JobScheduler scheduler;
    try {
      scheduler = new JobScheduler(jobs, runner, history, new PauseStore(stateDb.jdbi(), options.retry()), zone, clock);
    } catch (IllegalArgumentException e) {
      throw new WorkerStartException(e.getMessage());
    }
    try {
      scheduler.loadPauses(); // the ports answer before the scheduler starts: with the stored pauses
    } catch (RuntimeException e) {
      throw new WorkerStartException("cannot read the pauses from the state database " + dbFile() + ": " + rootMessage(e));
    }
    return scheduler;
  }

  private void runAtStart(WorkerContext context) {
    for (JobProvider provider : modules.providers()) {
      try {
        provider.atStart(context).forEach(log::info);
      } catch (RuntimeException e) {
        log.warn("{}: start-up work failed ({}); its jobs retry it when they run",
            provider.getClass().getSimpleName(), rootMessage(e));
      }
    }
  }

  private static void startScheduler(JobScheduler scheduler) throws WorkerStartException {
    try {
      scheduler.start();
    } catch (Exception e) {
      throw new WorkerStartException("cannot start the scheduler: " + rootMessage(e));
    }
  }

  private void logStarted(Javalin admin, WorkerMetricsServer metrics, List<HostkeeperJob> jobs) {
    boolean nothingConfigured = config.backups().isEmpty() && config.logs().isEmpty() && config.databases().isEmpty()
        && config.services().stream().noneMatch(s -> s.restart() != null);
    if (nothingConfigured) {
      log.info("scheduler started; no jobs configured, only the built-in ones {}: add backups, logs, databases"
          + " or services with a restart block to the config", names(jobs));
    } else {
      log.info("scheduler started with {} jobs: {}", jobs.size(), names(jobs));
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

  private static List<String> names(List<HostkeeperJob> jobs) {
    return jobs.stream().map(HostkeeperJob::name).toList();
  }

  private Path dbFile() {
    return dataDir.resolve(StateDatabase.FILE_NAME);
  }

  /** Registers how to let {@code held} go should a later step fail; returns it. */
  private <T> T hold(T held, java.util.function.Consumer<T> release) {
    undo.push(() -> release.accept(held));
    return held;
  }

  /** Every step succeeded: what is held now belongs to the worker. */
  private void done() {
    undo.clear();
  }

  /** Lets go, newest first, of whatever a failed start still holds; nothing after {@link #done()}. */
  @Override
  public void close() {
    while (!undo.isEmpty()) {
      try {
        undo.pop().run();
      } catch (RuntimeException e) {
        log.debug("releasing after a failed start", e);
      }
    }
  }
}

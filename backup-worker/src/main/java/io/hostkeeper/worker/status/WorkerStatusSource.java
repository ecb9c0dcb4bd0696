package io.hostkeeper.worker.status;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.worker.backup.BackupCatalogue;
import io.hostkeeper.worker.backup.CatalogueEntry;
import io.hostkeeper.worker.backup.copy.CopyState;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobScheduler;
import io.hostkeeper.worker.watchdog.WatchdogRecord;
import io.hostkeeper.worker.watchdog.WatchdogStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads a {@link WorkerStatus} from the state database (run history, backup catalogue, remote
 * copies, watchdog state) and the scheduler (jobs, next runs, pauses). Only reads: nothing here changes state.
 */
public final class WorkerStatusSource {
  private static final int RESTARTS_SHOWN = 3;

  private final java.util.function.Supplier<HostkeeperConfig> config;
  /** The watched services as at start: the watchdog is not rebuilt by a reload. */
  private final List<ServiceConfig> watchedServices;
  private final JobScheduler scheduler;
  private final RunHistory history;
  private final BackupCatalogue catalogue;
  private final WatchdogStore watchdog;
  private final CopyState copies;
  private final String version;
  private final Clock clock;

  public WorkerStatusSource(HostkeeperConfig config, JobScheduler scheduler, RunHistory history, Jdbi stateDb,
      BuildInfo build, Clock clock) {
    this(() -> config, scheduler, history, stateDb, build, clock);
  }

  /** @param config the configuration in effect, read at each request for the backups (a reload replaces it) */
  public WorkerStatusSource(java.util.function.Supplier<HostkeeperConfig> config, JobScheduler scheduler, RunHistory history,
      Jdbi stateDb, BuildInfo build, Clock clock) {
    this.config = config;
    this.watchedServices = config.get().services();
    this.scheduler = scheduler;
    this.history = history;
    this.catalogue = new BackupCatalogue(stateDb);
    this.watchdog = new WatchdogStore(stateDb);
    this.copies = new CopyState(stateDb);
    this.version = build.version() + " (" + build.revision() + ")";
    this.clock = clock;
  }

  private List<WorkerStatus.Copy> copies(BackupConfig b) {
    List<WorkerStatus.Copy> list = new ArrayList<>();
    copies.of(b).forEach((c, state) -> list.add(state
        .map(r -> new WorkerStatus.Copy(c.name(), c.sftp().url(), r.lastAttempt(), r.lastSuccess(), r.remoteArchives(),
            r.lastError() == null ? null : r.lastReason() + ": " + r.lastError()))
        .orElse(new WorkerStatus.Copy(c.name(), c.sftp().url(), null, null, null, null))));
    return list;
  }

  WorkerStatus read() {
    Map<String, Instant> successes = history.lastSuccesses();
    List<WorkerStatus.Backup> backups = new ArrayList<>();
    for (BackupConfig b : config.get().backups()) {
      String job = "backup:" + b.name();
      List<CatalogueEntry> archives = catalogue.list(b.name());
      Instant lastSuccess = successes.get(job);
      RunRecord failure = history.lastFailure(job)
          .filter(f -> lastSuccess == null || f.startedAt().isAfter(lastSuccess)).orElse(null);
      CatalogueEntry latest = archives.isEmpty() ? null : archives.get(0);
      backups.add(new WorkerStatus.Backup(b.name(), b.schedule().expression(), lastSuccess,
          latest == null ? -1 : latest.sizeBytes(), archives.size(),
          archives.stream().mapToLong(CatalogueEntry::sizeBytes).sum(), latest == null ? 0 : latest.problems(), failure,
          copies(b)));
    }

    List<WorkerStatus.Service> services = new ArrayList<>();
    for (ServiceConfig s : watchedServices) {
      if (s.restart() == null) continue;
      Optional<WatchdogRecord> st = watchdog.load(s.name());
      List<WorkerStatus.Restart> restarts = watchdog.attempts(s.name(), RESTARTS_SHOWN).stream()
          .map(a -> new WorkerStatus.Restart(Instant.parse((String) a.get("started_at")), (String) a.get("trigger"),
              (String) a.get("result"), ((Number) a.get("duration_seconds")).doubleValue()))
          .toList();
      services.add(st.map(w -> new WorkerStatus.Service(s.name(), w.state().label(), w.since(), w.consecutiveFailures(),
              w.lastReason(), restarts))
          .orElse(new WorkerStatus.Service(s.name(), "unknown", null, 0, null, restarts)));
    }

    List<WorkerStatus.Job> jobs = new ArrayList<>();
    for (String name : scheduler.names()) {
      String schedule = scheduler.job(name).map(HostkeeperJob::schedule).map(x -> x.expression()).orElse("");
      jobs.add(new WorkerStatus.Job(name, schedule, scheduler.isPaused(name), scheduler.nextRun(name).orElse(null),
          history.lastFinished(name).orElse(null), successes.get(name)));
    }
    return new WorkerStatus(clock.instant(), version, scheduler.isPaused(), backups, services, jobs,
        history.recent(WorkerStatus.RECENT_RUNS));
  }
}

package io.hostkeeper.worker;

import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.reload.ConfigDiff;
import io.hostkeeper.common.reload.ReloadSteps;
import io.hostkeeper.worker.history.HistoryPruneJob;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import io.hostkeeper.worker.job.JobScheduler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the worker's configuration while it runs (SIGHUP, {@code systemctl reload}): the file
 * is read and checked as at start; on any problem every one is logged and the running
 * configuration stays. Otherwise what changed is logged and the jobs are rebuilt from the new
 * file and rescheduled: jobs added, removed, rescheduled, the others take their new settings at
 * their next run. A run in progress is never interrupted. The {@code worker:} keys that hold
 * ports, the data directory, the admin token and the default zone need a restart (the log says
 * so), and so does an area that cannot rebuild its jobs while running (the watchdog): its jobs
 * stay as they are.
 */
public final class WorkerReload {
  private static final Logger log = LoggerFactory.getLogger(WorkerReload.class);
  /** Keys of {@code worker:} fixed while the worker runs. */
  static final List<String> RESTART_ONLY = List.of("data_dir", "metrics_listen", "admin", "time_zone", "web_config_file");

  private final Worker worker;
  private final Optional<Path> configFile;
  private LoadedConfig loaded;
  private final java.util.function.UnaryOperator<LoadedConfig> overrides;
  private Map<JobProvider, List<HostkeeperJob>> jobsByProvider;

  public WorkerReload(Worker worker, Optional<Path> configFile, LoadedConfig loaded) {
    this(worker, configFile, loaded, java.util.function.UnaryOperator.identity());
  }

  /** @param overrides the command-line options applied to every file read (e.g. --web.config.file) */
  public WorkerReload(Worker worker, Optional<Path> configFile, LoadedConfig loaded,
      java.util.function.UnaryOperator<LoadedConfig> overrides) {
    this.overrides = overrides;
    this.worker = worker;
    this.configFile = configFile;
    this.loaded = loaded;
    this.jobsByProvider = new LinkedHashMap<>(worker.reloadable().jobsByProvider());
  }

  /** Reloads the file; true when the new configuration is in effect, false when the old one was kept. */
  public synchronized boolean reload() {
    Optional<LoadedConfig> read = ReloadSteps.readChecked(configFile, WorkerModules::runChecks, log);
    if (read.isEmpty()) return false;
    LoadedConfig nextLoaded = overrides.apply(read.get());
    HostkeeperConfig next = nextLoaded.config();
    List<String> changes = ReloadSteps.logChanges(loaded.config(), nextLoaded, log);
    if (changes.isEmpty()) return true;
    for (String key : ConfigDiff.changedKeys(loaded.config().worker(), next.worker())) {
      if (RESTART_ONLY.contains(key)) {
        log.warn("reload: worker.{} changed; it takes effect after a restart (the running value is kept until then)", key);
      }
    }
    WorkerContext old = worker.context();
    // The worker: section stays the running one (its keys need a restart), except what the jobs below take from it.
    HostkeeperConfig effective = new HostkeeperConfig(next.exporter(), next.services(), old.config().worker(), next.backups(),
        next.logs(), next.databases(), next.commands(), next.cleanup());
    WorkerContext context = new WorkerContext(effective, old.dataDir(), old.registry(), old.stateDb(), old.clock());
    Map<JobProvider, List<HostkeeperJob>> built = new LinkedHashMap<>();
    List<HostkeeperJob> jobs = new ArrayList<>();
    jobs.add(new HistoryPruneJob(worker.history(), next.worker().historyRetention()));
    for (JobProvider provider : worker.reloadable().modules().providers()) {
      List<HostkeeperJob> kept = jobsByProvider.getOrDefault(provider, List.of());
      try {
        built.put(provider, provider.jobs(context));
      } catch (RuntimeException e) {
        built.put(provider, kept);
        String kind = kind(kept, provider);
        if (changes.stream().anyMatch(c -> c.startsWith("services") || c.startsWith(kind))) {
          log.warn("reload: the {} jobs are kept as they were ({}); restart the worker for changes to them", kind, e.getMessage());
        } else {
          log.debug("reload: the {} jobs are kept as they were: {}", kind, e.getMessage());
        }
      }
      jobs.addAll(built.get(provider));
    }
    JobScheduler.Changes done;
    try {
      done = worker.scheduler().reschedule(jobs);
    } catch (Exception e) {
      log.error("reload: cannot reschedule the jobs ({}); the running configuration is kept", e.getMessage());
      return false;
    }
    done.added().forEach(worker.reloadable().jobMetrics()::track);
    worker.context(context);
    jobsByProvider = built;
    loaded = nextLoaded;
    log.info("reload: {} is in effect; jobs added: {}, removed: {}, rescheduled: {}", nextLoaded.source(), done.added(), done.removed(),
        done.rescheduled());
    return true;
  }

  private static String kind(List<HostkeeperJob> jobs, JobProvider provider) {
    if (jobs.isEmpty()) return provider.getClass().getSimpleName();
    String name = jobs.get(0).name();
    return name.substring(0, name.indexOf(':'));
  }

  /** The configuration in effect. */
  public synchronized LoadedConfig current() {
    return loaded;
  }
}

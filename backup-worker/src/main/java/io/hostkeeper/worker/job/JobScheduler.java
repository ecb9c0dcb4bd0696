package io.hostkeeper.worker.job;

import io.hostkeeper.worker.history.PauseStore;
import io.hostkeeper.worker.history.RunHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz (RAMJobStore) running our pre-built jobs: registers every job, disabled ones without a
 * trigger (still runnable by hand), pauses and resumes jobs and the whole scheduler, starts runs by
 * hand, and runs the catch-up check at start and resume. Pauses are stored in the state database
 * before they take effect and survive a restart.
 *
 * <p>The worker's ports open before Quartz is made ({@link #start}, the last step of the start-up),
 * so every method answers before it too: after {@link #loadPauses} the pause state is the stored
 * one, a run asked for starts with the scheduler, and the next runs are unknown (empty) until then.
 */
public final class JobScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

  /** Thrown when a job cannot be started now (already running, scheduler paused). */
  public static final class Conflict extends Exception {
    public Conflict(String message) {
      super(message, null, false, false);
    }
  }

  static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(5);

  /** By name, in order; replaced as a whole by {@link #reschedule} (Quartz's job factory reads it at each fire). */
  private volatile Map<String, HostkeeperJob> jobs;
  private final JobRunner runner;
  private final RunHistory history;
  private final PauseStore pauses;
  private final ZoneId defaultZone;
  private final Clock clock;
  private final Set<String> paused = ConcurrentHashMap.newKeySet();
  /** Runs asked for before {@link #start}; they are fired when it makes Quartz. */
  private final Set<String> requested = new java.util.LinkedHashSet<>();
  /** The whole scheduler's stored pause, until {@link #start}; then Quartz's standby mode says it. */
  private volatile boolean pausedBeforeStart;
  /** Null until {@link #start}; published only once its jobs are in and it runs (or stays paused). */
  private volatile Scheduler scheduler;

  public JobScheduler(Collection<HostkeeperJob> jobs, JobRunner runner, RunHistory history, PauseStore pauses,
      ZoneId defaultZone, Clock clock) {
    this.jobs = byName(jobs);
    this.runner = runner;
    this.history = history;
    this.pauses = pauses;
    this.defaultZone = defaultZone;
    this.clock = clock;
  }

  public List<String> names() {
    return List.copyOf(jobs.keySet());
  }

  public Optional<HostkeeperJob> job(String name) {
    return Optional.ofNullable(name == null ? null : jobs.get(name));
  }

  public ZoneId zoneOf(HostkeeperJob job) {
    return job.timeZone() != null ? job.timeZone() : defaultZone;
  }

  /**
   * Reads the stored pauses, so that {@link #isPaused()}, {@link #isPaused(String)} and
   * {@link #runNow} answer as the started scheduler will before {@link #start}.
   */
  public synchronized void loadPauses() {
    if (scheduler != null) return;
    Map<String, Instant> stored = pauses.load();
    paused.clear();
    for (String name : jobs.keySet()) if (stored.containsKey(name)) paused.add(name);
    pausedBeforeStart = stored.containsKey(PauseStore.SCHEDULER);
  }

  /** Registers the jobs, starts firing (runs asked for before it first) and runs overdue jobs once. */
  public synchronized void start() throws SchedulerException {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "hostkeeper-" + UUID.randomUUID());
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    // One thread per job (no job ever waits for another's thread; each runs one at a time anyway).
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(2, Math.min(64, jobs.size() + 1))));
    // A fire later than this is a misfire: Quartz skips it (do nothing) and the catch-up check decides.
    p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD.toMillis()));
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "job");
    Scheduler quartz = new StdSchedulerFactory(p).getScheduler();
    Map<String, Instant> stored;
    try {
      stored = fill(quartz);
      // a new Quartz scheduler is in standby until started
      if (!stored.containsKey(PauseStore.SCHEDULER)) quartz.start();
    } catch (SchedulerException | RuntimeException e) {
      quartz.shutdown(false);
      throw e;
    }
    scheduler = quartz;
    if (stored.containsKey(PauseStore.SCHEDULER)) {
      log.warn("the scheduler is paused since {}: no job starts until POST /api/scheduler/resume",
          stored.get(PauseStore.SCHEDULER));
      return;
    }
    for (HostkeeperJob job : jobs.values()) catchUpIfDue(job);
  }

  /** Adds the jobs, their triggers and stored pauses to {@code quartz}, then the runs asked for so far. Returns the stored pauses. */
  private Map<String, Instant> fill(Scheduler quartz) throws SchedulerException {
    quartz.setJobFactory(new HostkeeperJobFactory(name -> this.jobs.get(name), runner, clock));
    Instant now = clock.instant();
    Map<String, Instant> stored = pauses.load();
    for (HostkeeperJob job : jobs.values()) add(quartz, job, stored, now);
    for (String name : requested) {
      try {
        fire(quartz, name, RunTrigger.MANUAL);
        log.info("job {}: starting the run asked for during start-up", name);
      } catch (Conflict e) {
        log.info("job {}: the run asked for during start-up is not started: {}", name, e.getMessage());
      }
    }
    requested.clear();
    return stored;
  }

  private void add(Scheduler quartz, HostkeeperJob job, Map<String, Instant> stored, Instant now) throws SchedulerException {
    JobKey key = JobKey.jobKey(job.name());
    quartz.addJob(JobBuilder.newJob(QuartzJobAdapter.class).withIdentity(key).storeDurably().build(), false);
    Optional<Trigger> trigger = Triggers.of(key, job.schedule(), zoneOf(job), now);
    if (trigger.isPresent()) quartz.scheduleJob(trigger.get());
    if (stored.containsKey(job.name())) {
      paused.add(job.name());
      quartz.pauseJob(key);
      log.info("job {}: paused since {} (POST /api/jobs/{}/resume to resume)", job.name(), stored.get(job.name()), job.name());
    }
  }

  private static Map<String, HostkeeperJob> byName(Collection<HostkeeperJob> jobs) {
    Map<String, HostkeeperJob> out = new LinkedHashMap<>();
    for (HostkeeperJob job : jobs) {
      if (out.putIfAbsent(job.name(), job) != null) {
        throw new IllegalArgumentException("two jobs are named " + job.name() + "; job names must be unique");
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** What {@link #reschedule} did, by job name. */
  public record Changes(List<String> added, List<String> removed, List<String> rescheduled, List<String> rebuilt) {}

  /**
   * Replaces the jobs (a configuration reload): jobs not in {@code next} are removed, new ones
   * added (with a catch-up check), the others take their new instance from their next run on and
   * get a new trigger when their schedule or zone changed. A run in progress is never interrupted:
   * it finishes with the instance it started with.
   */
  public synchronized Changes reschedule(Collection<HostkeeperJob> next) throws SchedulerException {
    Map<String, HostkeeperJob> updated = byName(next);
    Map<String, HostkeeperJob> old = jobs;
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> rescheduled = new ArrayList<>();
    List<String> rebuilt = new ArrayList<>();
    for (String name : old.keySet()) if (!updated.containsKey(name)) removed.add(name);
    for (HostkeeperJob job : updated.values()) {
      HostkeeperJob before = old.get(job.name());
      if (before == null) added.add(job.name());
      else if (!before.schedule().equals(job.schedule()) || !zoneOf(before).equals(zoneOf(job))) rescheduled.add(job.name());
      else rebuilt.add(job.name());
    }
    jobs = updated;
    if (scheduler == null) return new Changes(added, removed, rescheduled, rebuilt);
    Instant now = clock.instant();
    for (String name : removed) {
      scheduler.deleteJob(JobKey.jobKey(name));
      paused.remove(name);
    }
    Map<String, Instant> stored = added.isEmpty() ? Map.of() : pauses.load();
    for (String name : added) add(scheduler, updated.get(name), stored, now);
    for (String name : rescheduled) {
      HostkeeperJob job = updated.get(name);
      JobKey key = JobKey.jobKey(name);
      scheduler.unscheduleJob(TriggerKey.triggerKey(name, Triggers.GROUP));
      Optional<Trigger> trigger = Triggers.of(key, job.schedule(), zoneOf(job), now);
      if (trigger.isPresent()) scheduler.scheduleJob(trigger.get());
      if (paused.contains(name)) scheduler.pauseJob(key);
    }
    if (!isPaused()) for (String name : added) catchUpIfDue(updated.get(name));
    return new Changes(added, removed, rescheduled, rebuilt);
  }

  public boolean isPaused() {
    Scheduler quartz = scheduler;
    if (quartz == null) return pausedBeforeStart;
    try {
      return quartz.isInStandbyMode();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isPaused(String name) {
    return paused.contains(name);
  }

  public boolean isDisabled(String name) {
    return job(name).map(j -> j.schedule().disabled()).orElse(false);
  }

  /** The next scheduled run; empty when disabled, paused (job or scheduler) or unknown. */
  public Optional<Instant> nextRun(String name) {
    if (scheduler == null || !jobs.containsKey(name) || paused.contains(name) || isPaused()) return Optional.empty();
    try {
      Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(name, Triggers.GROUP));
      Date next = t == null ? null : t.getNextFireTime();
      return Optional.ofNullable(next).map(Date::toInstant);
    } catch (SchedulerException e) {
      return Optional.empty();
    }
  }

  /** Starts a run now on a scheduler thread; before {@link #start}, as soon as the scheduler starts. */
  public synchronized void runNow(String name) throws Conflict, SchedulerException {
    requireJob(name);
    if (isPaused()) throw new Conflict("the scheduler is paused; resume it (POST /api/scheduler/resume) to run jobs");
    if (scheduler == null) {
      if (!requested.add(name)) throw new Conflict("job " + name + " is already about to run");
      return;
    }
    fire(scheduler, name, RunTrigger.MANUAL);
  }

  public synchronized void pause(String name) throws SchedulerException {
    requireJob(name);
    pauses.pause(name, clock.instant());
    paused.add(name);
    if (scheduler != null) scheduler.pauseJob(JobKey.jobKey(name));
    log.info("job {}: paused", name);
  }

  public synchronized void resume(String name) throws SchedulerException {
    requireJob(name);
    pauses.resume(name);
    if (!paused.remove(name) || scheduler == null) return; // start() reads the stored pauses
    scheduler.resumeJob(JobKey.jobKey(name));
    log.info("job {}: resumed", name);
    if (!isPaused()) catchUpIfDue(jobs.get(name));
  }

  public synchronized void pauseAll() throws SchedulerException {
    pauses.pause(PauseStore.SCHEDULER, clock.instant());
    pausedBeforeStart = true;
    if (scheduler != null) scheduler.standby();
    log.info("scheduler paused: no job starts until it is resumed");
  }

  public synchronized void resumeAll() throws SchedulerException {
    pauses.resume(PauseStore.SCHEDULER);
    pausedBeforeStart = false;
    if (scheduler == null || !scheduler.isInStandbyMode()) return;
    scheduler.start();
    log.info("scheduler resumed");
    for (HostkeeperJob job : jobs.values()) catchUpIfDue(job);
  }

  /**
   * Stops firing, waits up to {@code wait} for running jobs, then stops Quartz. Runs still going
   * are marked interrupted in the history (the process is about to end under them).
   */
  public void shutdown(Duration wait) {
    if (scheduler == null) return;
    try {
      scheduler.standby();
      // an elapsed-time bound, not a point in time: measured on the monotonic timer
      long deadline = System.nanoTime() + wait.toNanos();
      if (!runner.active().isEmpty()) {
        log.info("waiting up to {}s for running jobs: {}", wait.toSeconds(),
            runner.active().stream().map(JobRunner.ActiveRun::job).toList());
      }
      while (!runner.active().isEmpty() && System.nanoTime() - deadline < 0) {
        Thread.sleep(50);
      }
      for (JobRunner.ActiveRun run : runner.active()) {
        log.warn("job {}: still running at shutdown; marked interrupted", run.job());
        if (run.runId() >= 0) {
          try {
            history.markInterrupted(clock.instant(), Optional.of(run.runId()));
          } catch (RuntimeException e) {
            log.warn("cannot mark run {} interrupted: {}", run.runId(), e.getMessage());
          }
        }
      }
      scheduler.shutdown(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SchedulerException e) {
      log.warn("scheduler shutdown: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }

  private void catchUpIfDue(HostkeeperJob job) {
    if (!job.catchUp() || job.schedule().disabled() || paused.contains(job.name()) || runner.isRunning(job.name())) {
      return;
    }
    try {
      // a run asked for during start-up is already in: it serves as the catch-up run
      if (quartzFiresItNow(job.name()) || aboutToRun(scheduler, JobKey.jobKey(job.name()))) return;
      ZoneId zone = zoneOf(job);
      Optional<Instant> lastSuccess = history.lastSuccess(job.name());
      if (CatchUp.due(job.schedule(), zone, lastSuccess, history.hasRuns(job.name()), clock.instant())) {
        log.info("job {}: last success {} is older than its period {}; running it once now", job.name(),
            lastSuccess.map(Instant::toString).orElse("(never)"), job.schedule().period(zone));
        fire(scheduler, job.name(), RunTrigger.CATCH_UP);
      }
    } catch (RuntimeException | SchedulerException | Conflict e) {
      log.warn("job {}: catch-up check failed: {}", job.name(), e.getMessage());
    }
  }

  /** True when the job's trigger is due within the misfire threshold: Quartz runs it itself. */
  private boolean quartzFiresItNow(String name) throws SchedulerException {
    Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(name, Triggers.GROUP));
    if (t == null || t.getNextFireTime() == null) return false;
    Instant next = t.getNextFireTime().toInstant();
    Instant now = clock.instant();
    return !next.isAfter(now) && next.isAfter(now.minus(MISFIRE_THRESHOLD));
  }

  private void fire(Scheduler quartz, String name, RunTrigger why) throws Conflict, SchedulerException {
    JobKey key = JobKey.jobKey(name);
    if (runner.isRunning(name)) throw new Conflict("job " + name + " is already running");
    if (aboutToRun(quartz, key)) throw new Conflict("job " + name + " is already about to run");
    quartz.scheduleJob(TriggerBuilder.newTrigger()
        .withIdentity(UUID.randomUUID().toString(), Triggers.ONCE_GROUP)
        .forJob(key)
        .usingJobData(QuartzJobAdapter.TRIGGER_KEY, why.label())
        .startNow()
        .build());
  }

  private static boolean aboutToRun(Scheduler quartz, JobKey key) throws SchedulerException {
    for (Trigger t : quartz.getTriggersOfJob(key)) {
      if (t.getKey().getGroup().equals(Triggers.ONCE_GROUP)) return true;
    }
    return false;
  }

  private void requireJob(String name) {
    if (!jobs.containsKey(name)) throw new IllegalArgumentException("no job named " + name);
  }
}

package io.hostkeeper.worker.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.metrics.JobMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one wrapper around every job run: it refuses a second concurrent run of a job, writes the
 * history row ({@code running} before, the result after), times the run, catches everything a job
 * throws (a failure with the exception's message; the stack trace only at debug level) and updates
 * the job metrics. A history database that stays locked is logged, never fatal: the job still runs
 * and its result is written once the database answers again.
 */
public final class JobRunner {
  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** A run in progress. {@code runId} is -1 when its start could not be recorded. */
  public record ActiveRun(String job, long runId, RunTrigger trigger, Instant startedAt) {}

  private final RunHistory history;
  private final JobMetrics metrics;
  private final Clock clock;
  private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();

  public JobRunner(RunHistory history, JobMetrics metrics, Clock clock) {
    this.history = java.util.Objects.requireNonNull(history);
    this.metrics = java.util.Objects.requireNonNull(metrics);
    this.clock = java.util.Objects.requireNonNull(clock);
  }

  public boolean isRunning(String job) {
    return active.containsKey(job);
  }

  public List<ActiveRun> active() {
    return List.copyOf(active.values());
  }

  public Optional<ActiveRun> active(String job) {
    return Optional.ofNullable(active.get(job));
  }

  /** Runs {@code job} once, now, on the calling thread. Returns its result ({@code SKIPPED} when a run is already in progress). */
  public JobOutcome.Result run(HostkeeperJob job, RunTrigger trigger, Instant scheduledAt) {
    String name = job.name();
    Instant startedAt = clock.instant();
    ActiveRun placeholder = new ActiveRun(name, -1, trigger, startedAt);
    if (active.putIfAbsent(name, placeholder) != null) {
      log.info("job {}: a run is already in progress; this {} run is not started", name, trigger.label());
      return JobOutcome.Result.SKIPPED;
    }
    long t0 = System.nanoTime();
    MDC.put("job", name);
    try {
      long runId = recordStart(name, trigger, scheduledAt, startedAt);
      active.put(name, new ActiveRun(name, runId, trigger, startedAt));
      metrics.started(name);
      // A fixed-interval job (watchdog checks, frequent log checks) runs every few seconds or
      // minutes: its start is not news; its end is logged when something happened.
      boolean frequent = job.schedule() != null && job.schedule().every() != null && trigger != RunTrigger.MANUAL;
      if (frequent) log.debug("job {}: started ({})", name, trigger.label());
      else log.info("job {}: started ({})", name, trigger.label());
      JobOutcome outcome = invoke(job, new JobRunContext(runId, scheduledAt, clock, trigger == RunTrigger.MANUAL));
      Instant endedAt = clock.instant();
      Duration duration = Duration.ofNanos(System.nanoTime() - t0);
      String result = outcome.result().label();
      boolean routine = outcome.routine() && trigger != RunTrigger.MANUAL;
      if (routine) discard(name, runId);
      else recordEnd(name, runId, trigger, scheduledAt, startedAt, endedAt, result, outcome);
      metrics.finished(name, result, endedAt, duration);
      String took = String.format(java.util.Locale.ROOT, "%.3fs", duration.toNanos() / 1e9);
      if (routine) {
        log.debug("job {}: {} after {}: {}", name, result, took, outcome.message());
      } else if (outcome.result() == JobOutcome.Result.FAILURE) {
        log.warn("job {}: failure after {}: {}", name, took, outcome.message());
      } else {
        log.info("job {}: {} after {}: {}", name, result, took, outcome.message());
      }
      return outcome.result();
    } finally {
      active.remove(name);
      MDC.remove("job");
    }
  }

  private static JobOutcome invoke(HostkeeperJob job, JobRunContext context) {
    try {
      JobOutcome outcome = job.run(context);
      return outcome != null ? outcome : JobOutcome.failure("the job returned no outcome", Map.of());
    } catch (Throwable e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      log.debug("job {}: exception", job.name(), e);
      String message = failureMessage(e);
      return e instanceof InterruptedException
          ? new JobOutcome(JobOutcome.Result.INTERRUPTED, "interrupted: " + message, Map.of())
          : JobOutcome.failure(message, Map.of("exception", e.getClass().getName()));
    }
  }

  /**
   * The one-line message of a failed run: the exception's message, prefixed with its type where
   * the type is the information (NullPointerException, NoSuchFileException, ...).
   */
  static String failureMessage(Throwable e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
      return fs.getFile() + ": " + io.hostkeeper.common.cli.StartupChecks.describe(fs);
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) return e.getClass().getSimpleName();
    boolean plain = e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof java.io.UncheckedIOException || e.getClass() == java.io.IOException.class
        || e.getClass() == Exception.class || e.getClass() == RuntimeException.class;
    return plain ? m : e.getClass().getSimpleName() + ": " + m;
  }

  private long recordStart(String name, RunTrigger trigger, Instant scheduledAt, Instant startedAt) {
    try {
      return history.start(name, trigger.label(), scheduledAt, startedAt);
    } catch (RuntimeException e) {
      log.error("job {}: cannot record the start of the run in the state database ({}); running it anyway",
          name, e.getMessage());
      log.debug("history write failed", e);
      return -1;
    }
  }

  private void discard(String name, long runId) {
    if (runId < 0) return;
    try {
      history.discard(runId);
    } catch (RuntimeException e) {
      log.debug("job {}: cannot remove the row of a routine run ({}); it stays", name, e.getMessage());
    }
  }

  private void recordEnd(String name, long runId, RunTrigger trigger, Instant scheduledAt, Instant startedAt,
      Instant endedAt, String result, JobOutcome outcome) {
    String details = detailsJson(name, outcome.details());
    try {
      if (runId >= 0) {
        history.finish(runId, endedAt, result, outcome.message(), details);
      } else {
        history.insertFinished(name, trigger.label(), scheduledAt, startedAt, endedAt, result, outcome.message(), details);
      }
    } catch (RuntimeException e) {
      log.error("job {}: cannot record the result ({}) in the state database: {}", name, result, e.getMessage());
      log.debug("history write failed", e);
    }
  }

  /** Made at the first run with details, not at start-up: Jackson costs a scrape-delaying moment to load. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private String detailsJson(String name, Map<String, Object> details) {
    if (details.isEmpty()) return null;
    try {
      return Json.MAPPER.writeValueAsString(details);
    } catch (Exception e) {
      log.warn("job {}: run details are not JSON-serialisable ({}); stored without them", name, e.getMessage());
      return null;
    }
  }
}

package io.hostkeeper.worker.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/**
 * The job metrics of the catalogue. Timestamps are absent until known (never 0): a job that has
 * never succeeded has no {@code _last_success_timestamp_seconds}; a paused or disabled job has no
 * {@code _next_run_timestamp_seconds}.
 */
public final class JobMetrics {
  /** Results that are counted from zero for every job, so rate() and increase() work at once. */
  private static final String[] INITIAL_RESULTS = {"success", "failure"};

  private final Counter runs;
  private final Gauge lastSuccess;
  private final Gauge lastRun;
  private final Gauge lastDuration;
  private final Gauge running;

  /**
   * @param jobs names of the jobs, for the series that start at 0
   * @param nextRun a job's next scheduled fire time, empty when paused/disabled/unknown
   */
  public JobMetrics(PrometheusRegistry registry, Collection<String> jobs,
      Function<String, Optional<Instant>> nextRun) {
    runs = Counter.builder().name("hostkeeper_job_runs_total")
        .help("Finished job runs by result (success, failure, skipped, interrupted)")
        .labelNames("job", "result").register(registry);
    lastSuccess = Gauge.builder().name("hostkeeper_job_last_success_timestamp_seconds")
        .help("End time of the job's last successful run (Unix seconds)").labelNames("job").register(registry);
    lastRun = Gauge.builder().name("hostkeeper_job_last_run_timestamp_seconds")
        .help("End time of the job's last finished run, whatever its result (Unix seconds)")
        .labelNames("job").register(registry);
    lastDuration = Gauge.builder().name("hostkeeper_job_last_duration_seconds")
        .help("Duration of the job's last finished run").labelNames("job").register(registry);
    running = Gauge.builder().name("hostkeeper_job_running")
        .help("1 while a run of the job is in progress, else 0").labelNames("job").register(registry);
    names.addAll(jobs);
    GaugeWithCallback.builder().name("hostkeeper_job_next_run_timestamp_seconds")
        .help("Next scheduled run of the job (Unix seconds); absent when paused or disabled")
        .labelNames("job")
        .callback(cb -> {
          for (String job : names) {
            nextRun.apply(job).ifPresent(t -> cb.call(seconds(t), job));
          }
        })
        .register(registry);
    for (String job : names) initial(job);
  }

  /** The jobs with series; a reload adds its new jobs with {@link #track}. */
  private final java.util.List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();

  private void initial(String job) {
    running.labelValues(job).set(0);
    for (String result : INITIAL_RESULTS) runs.labelValues(job, result).inc(0);
  }

  /** Gives a job added by a configuration reload its series (at 0) and its next-run time. */
  public synchronized void track(String job) {
    if (names.contains(job)) return;
    names.add(job);
    initial(job);
  }

  public void started(String job) {
    running.labelValues(job).set(1);
  }

  public void finished(String job, String result, Instant end, Duration duration) {
    running.labelValues(job).set(0);
    runs.labelValues(job, result).inc();
    lastRun.labelValues(job).set(seconds(end));
    lastDuration.labelValues(job).set(duration.toNanos() / 1e9);
    if (result.equals("success")) lastSuccess.labelValues(job).set(seconds(end));
  }

  /** A run found {@code running} at start (the previous worker died under it). */
  public void interruptedBeforeStart(String job) {
    runs.labelValues(job, "interrupted").inc();
  }

  /** Restores what history knows, so a restart never looks like a missed run. */
  public void restore(String job, Optional<Instant> lastSuccessAt, Optional<Instant> lastRunEnd,
      Optional<Duration> lastRunDuration) {
    lastSuccessAt.ifPresent(t -> lastSuccess.labelValues(job).set(seconds(t)));
    lastRunEnd.ifPresent(t -> lastRun.labelValues(job).set(seconds(t)));
    lastRunDuration.ifPresent(d -> lastDuration.labelValues(job).set(d.toNanos() / 1e9));
  }

  static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}

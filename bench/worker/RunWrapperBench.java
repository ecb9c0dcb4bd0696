import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.RunTrigger;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a no-op job N times through the real run wrapper (history start + finish rows, metrics). */
public class RunWrapperBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    RunHistory history = new RunHistory(StateDatabase.open(dir, Duration.ofSeconds(5)).jdbi(), BusyRetry.standard());
    HostkeeperJob job = new HostkeeperJob("bench:noop") {
      @Override public Schedule schedule() { return Schedule.DISABLED; }
      @Override protected JobOutcome run(JobRunContext c) { return JobOutcome.success("ok", Map.of("n", 1)); }
    };
    JobRunner runner = new JobRunner(history, new JobMetrics(new PrometheusRegistry(), List.of(job.name()),
        x -> Optional.empty()), Clock.systemUTC());
    for (int i = 0; i < 200; i++) runner.run(job, RunTrigger.MANUAL, null); // warm-up
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) runner.run(job, RunTrigger.MANUAL, null);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("wrapper: %d runs in %.3f s = %.3f ms/run%n", n, s, s * 1000 / n);
  }
}

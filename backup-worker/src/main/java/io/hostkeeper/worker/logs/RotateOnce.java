package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigException;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rotates every {@code logs:} entry of a config file once, now, like {@code logrotate -f}, without
 * the scheduler: {@code java -cp hostkeeper-worker.jar io.hostkeeper.worker.logs.RotateOnce
 * CONFIG STATE_DIR}. Used by {@code bench/rotate} and handy for trying directives out. Exit status
 * 0 when every log succeeded, 1 when one failed, 2 on a bad config.
 */
public final class RotateOnce {
  private RotateOnce() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: RotateOnce CONFIG.yml STATE_DIR");
      System.exit(2);
    }
    LoadedConfig loaded;
    try {
      loaded = ConfigLoader.load(Optional.of(Path.of(args[0])));
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) System.err.println(error);
      System.exit(2);
      return;
    }
    List<ConfigError> problems = new ArrayList<>(LogChecks.check(loaded));
    if (!problems.isEmpty()) {
      problems.forEach(System.err::println);
      System.exit(2);
    }
    Clock clock = Clock.systemUTC();
    WorkerContext context = new WorkerContext(loaded.config(), Path.of(args[1]), new PrometheusRegistry(), null, clock);
    int failed = 0;
    for (HostkeeperJob job : new LogJobs().jobs(context)) {
      JobOutcome out = ((LogRotateJob) job).run(new JobRunContext(0, clock.instant(), clock, true));
      System.out.println(job.name() + ": " + out.result() + ": " + out.message());
      if (out.result() == JobOutcome.Result.FAILURE) failed++;
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}

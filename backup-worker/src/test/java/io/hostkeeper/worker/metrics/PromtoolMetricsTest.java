package io.hostkeeper.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.testing.Http;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.TestConfigs;
import io.hostkeeper.worker.testing.TestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 3: the worker's whole /metrics (job and JVM families) passes {@code promtool check metrics}. */
class PromtoolMetricsTest {
  @TempDir Path dir;

  @Test
  void promtoolFindsNothing() throws Exception {
    Path promtool = RealStack.require("prometheus", "promtool");
    TestJob ok = new TestJob("backup:app", Schedule.every(Duration.ofHours(1)));
    TestJob bad = new TestJob("logs:app", Schedule.DISABLED);
    bad.failWith = new IllegalStateException("boom");
    try (Worker w = Worker.start(TestConfigs.worker(dir), dir, Clock.systemUTC(),
        new WorkerModules(List.of(ctx -> List.of(ok, bad)), List.of()), Worker.Options.defaults())) {
      w.scheduler().runNow("backup:app");
      w.scheduler().runNow("logs:app");
      Poll.until("both ran", () -> w.history().lastFinished("backup:app").isPresent()
          && w.history().lastFinished("logs:app").isPresent());
      String text = Http.get(w.metricsPort(), "/metrics", null).body();
      for (String family : List.of("hostkeeper_job_runs_total", "hostkeeper_job_last_success_timestamp_seconds",
          "hostkeeper_job_last_run_timestamp_seconds", "hostkeeper_job_last_duration_seconds", "hostkeeper_job_running",
          "hostkeeper_job_next_run_timestamp_seconds", "jvm_memory_used_bytes", "jvm_gc_collection_seconds",
          "jvm_threads_current", "process_start_time_seconds")) {
        assertTrue(text.contains("# TYPE " + family + " "), family);
      }
      assertTrue(text.contains("hostkeeper_job_runs_total{job=\"logs:app\",result=\"failure\"} 1"), text);
      Path file = Files.writeString(dir.resolve("metrics.txt"), text);
      Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), out);
      assertEquals("", out.strip(), "promtool reports nothing");
    }
  }
}

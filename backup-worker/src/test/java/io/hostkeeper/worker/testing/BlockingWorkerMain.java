package io.hostkeeper.worker.testing;

import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.Worker;
import io.hostkeeper.worker.WorkerModules;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Child JVM for the kill -9 test: a worker whose job starts every second and never finishes. */
public final class BlockingWorkerMain {
  private BlockingWorkerMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    TestJob job = new TestJob("backup:app", Schedule.every(Duration.ofMillis(200)));
    job.release = new CountDownLatch(1);
    Worker.start(TestConfigs.worker(dir), dir, Clock.systemUTC(),
        new WorkerModules(List.of(ctx -> List.of(job)), List.of()), Worker.Options.defaults());
    Thread.sleep(Long.MAX_VALUE);
  }
}

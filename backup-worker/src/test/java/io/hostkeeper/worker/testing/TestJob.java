package io.hostkeeper.worker.testing;

import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A job for tests: counts runs, can block until released, can fail. */
public class TestJob extends HostkeeperJob {
  public final AtomicInteger runs = new AtomicInteger();
  public final AtomicInteger concurrent = new AtomicInteger();
  public final AtomicInteger maxConcurrent = new AtomicInteger();
  public volatile CountDownLatch started = new CountDownLatch(1);
  public volatile CountDownLatch release = null;
  public volatile RuntimeException failWith = null;
  private final Schedule schedule;
  private final boolean catchUp;

  public TestJob(String name, Schedule schedule) {
    this(name, schedule, true);
  }

  public TestJob(String name, Schedule schedule, boolean catchUp) {
    super(name);
    this.schedule = schedule;
    this.catchUp = catchUp;
  }

  public static Schedule every(Duration d) {
    return Schedule.every(d);
  }

  /** Quartz cron for "every day at 02:00" (what Schedule.parse("0 2 * * *") gives). */
  public static Schedule dailyAt2() {
    return Schedule.parse("0 2 * * *");
  }

  @Override
  public Schedule schedule() {
    return schedule;
  }

  @Override
  public boolean catchUp() {
    return catchUp;
  }

  @Override
  protected JobOutcome run(JobRunContext context) throws Exception {
    int now = concurrent.incrementAndGet();
    maxConcurrent.accumulateAndGet(now, Math::max);
    try {
      runs.incrementAndGet();
      started.countDown();
      CountDownLatch r = release;
      if (r != null && !r.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("test never released the job");
      if (failWith != null) throw failWith;
      return JobOutcome.success("ran", Map.of("run", runs.get(), "manual", context.manual()));
    } finally {
      concurrent.decrementAndGet();
    }
  }
}

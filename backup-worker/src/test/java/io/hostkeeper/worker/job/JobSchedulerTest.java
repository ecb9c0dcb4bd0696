package io.hostkeeper.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.history.BusyRetry;
import io.hostkeeper.worker.history.PauseStore;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.RunRecord;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.metrics.JobMetrics;
import io.hostkeeper.worker.testing.Poll;
import io.hostkeeper.worker.testing.TestJob;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;

class JobSchedulerTest {
  @TempDir Path dir;
  JobScheduler scheduler;
  RunHistory history;

  JobScheduler start(ZoneId zone, HostkeeperJob... jobs) throws Exception {
    create(zone, jobs).start();
    return scheduler;
  }

  /** The scheduler over a fresh state database, not started. */
  JobScheduler create(ZoneId zone, HostkeeperJob... jobs) throws Exception {
    var jdbi = StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi();
    history = new RunHistory(jdbi, BusyRetry.standard());
    JobRunner runner = new JobRunner(history, new JobMetrics(new PrometheusRegistry(),
        List.of(jobs).stream().map(HostkeeperJob::name).toList(), n -> Optional.empty()), Clock.systemUTC());
    scheduler = new JobScheduler(List.of(jobs), runner, history, new PauseStore(jdbi, BusyRetry.standard()), zone,
        Clock.systemUTC());
    return scheduler;
  }

  @AfterEach
  void stop() {
    if (scheduler != null) scheduler.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void beforeItStartsPausesAndRunsAreKeptForTheStart() throws Exception {
    TestJob a = new TestJob("backup:a", TestJob.dailyAt2(), false);
    TestJob b = new TestJob("backup:b", TestJob.dailyAt2(), false);
    JobScheduler s = create(ZoneId.of("UTC"), a, b);
    s.loadPauses();
    assertFalse(s.isPaused());
    s.runNow("backup:a");
    assertThrows(JobScheduler.Conflict.class, () -> s.runNow("backup:a"));
    s.pause("backup:b");
    assertTrue(s.isPaused("backup:b"));
    assertEquals(Optional.empty(), s.nextRun("backup:a"), "no next run before Quartz has one");
    s.pauseAll();
    assertTrue(s.isPaused());
    assertThrows(JobScheduler.Conflict.class, () -> s.runNow("backup:b"));
    s.resumeAll();
    assertFalse(s.isPaused());
    assertEquals(0, a.runs.get(), "nothing runs before the start");

    s.start();
    Poll.until("the run asked for before the start", () -> history.lastFinished("backup:a").isPresent());
    assertEquals("manual", history.lastFinished("backup:a").orElseThrow().trigger());
    assertEquals(1, a.runs.get());
    assertFalse(s.isPaused());
    assertTrue(s.isPaused("backup:b"), "the pause made before the start holds");
    assertTrue(s.nextRun("backup:a").isPresent());
    assertEquals(Optional.empty(), s.nextRun("backup:b"));
  }

  @Test
  void triggersIgnoreMisfires() {
    Instant now = Instant.parse("2026-03-01T00:00:00Z");
    Trigger cron = Triggers.of(JobKey.jobKey("a:b"), Schedule.parse("0 2 * * *"), ZoneId.of("UTC"), now).orElseThrow();
    assertEquals(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING, cron.getMisfireInstruction());
    Trigger every = Triggers.of(JobKey.jobKey("a:b"), Schedule.every(Duration.ofSeconds(15)), ZoneId.of("UTC"), now).orElseThrow();
    assertEquals(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT, every.getMisfireInstruction());
    assertEquals(Date.from(now.plusSeconds(15)), every.getStartTime());
    assertTrue(Triggers.of(JobKey.jobKey("a:b"), Schedule.DISABLED, ZoneId.of("UTC"), now).isEmpty());
  }

  @Test
  void staleFiresAreSkipped() {
    Instant now = Instant.parse("2026-03-01T00:00:10Z");
    assertTrue(QuartzJobAdapter.isStale(Date.from(now.minusMillis(1)), now));
    assertTrue(QuartzJobAdapter.isStale(Date.from(now), now));
    assertFalse(QuartzJobAdapter.isStale(Date.from(now.plusMillis(1)), now));
    assertFalse(QuartzJobAdapter.isStale(null, now));
  }

  @Test
  void cronRunsInTheJobsZoneElseTheWorkers() throws Exception {
    ZoneId newYork = ZoneId.of("America/New_York");
    TestJob own = new TestJob("backup:ny", Schedule.parse("0 2 * * *")) {
      @Override
      public ZoneId timeZone() {
        return newYork;
      }
    };
    TestJob dflt = new TestJob("backup:tokyo", Schedule.parse("0 2 * * *"));
    start(ZoneId.of("Asia/Tokyo"), own, dflt);
    ZonedDateTime ny = scheduler.nextRun("backup:ny").orElseThrow().atZone(newYork);
    assertEquals(LocalTime.of(2, 0), ny.toLocalTime());
    ZonedDateTime tokyo = scheduler.nextRun("backup:tokyo").orElseThrow().atZone(ZoneId.of("Asia/Tokyo"));
    assertEquals(LocalTime.of(2, 0), tokyo.toLocalTime());
    assertEquals(newYork, scheduler.zoneOf(own));
  }

  @Test
  void duplicateNamesAreRefused() {
    history = new RunHistory(StateDatabase.open(dir, Duration.ofSeconds(2)).jdbi(), BusyRetry.standard());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JobScheduler(
        List.of(new TestJob("a:b", Schedule.DISABLED), new TestJob("a:b", Schedule.DISABLED)), null, history,
        null, ZoneId.of("UTC"), Clock.systemUTC()));
    assertTrue(e.getMessage().contains("a:b"));
  }

  @Test
  void noBurstAfterAPause() throws Exception {
    Duration interval = Duration.ofMillis(300);
    TestJob job = new TestJob("watchdog:web", Schedule.every(interval), false);
    start(ZoneId.of("UTC"), job);
    Poll.until("a first run", () -> job.runs.get() >= 1);
    scheduler.pauseAll();
    Instant pausedAt = Instant.now();
    Poll.until("several slots are missed", () -> Instant.now().isAfter(pausedAt.plus(interval.multipliedBy(5))));
    Instant resumedAt = Instant.now();
    scheduler.resumeAll();
    Poll.until("a run after the resume", () -> history.runs("watchdog:web", 50, Optional.empty()).stream()
        .anyMatch(r -> r.finished() && r.startedAt().isAfter(resumedAt)));
    for (RunRecord r : history.runs("watchdog:web", 50, Optional.empty())) {
      if (r.startedAt().isAfter(resumedAt) && r.scheduledAt() != null) {
        // A replayed slot is one scheduled while the scheduler was paused. Judged by when the slot
        // was due, not by how late it started, so a loaded machine cannot fail it: at most the one
        // slot due just before the resume may still run.
        assertFalse(r.scheduledAt().isBefore(resumedAt.minus(interval)),
            "slot " + r.scheduledAt() + ", due during the pause (" + pausedAt + " to " + resumedAt + "), ran at " + r.startedAt());
      }
    }
    assertEquals(1, job.maxConcurrent.get());
  }

  @Test
  void pausedJobHasNoNextRunAndStillRunsByHand() throws Exception {
    TestJob job = new TestJob("backup:app", Schedule.parse("0 2 * * *"));
    start(ZoneId.of("UTC"), job);
    Instant next = scheduler.nextRun("backup:app").orElseThrow();
    scheduler.pause("backup:app");
    assertTrue(scheduler.nextRun("backup:app").isEmpty());
    assertTrue(scheduler.isPaused("backup:app"));
    scheduler.runNow("backup:app");
    Poll.until("manual run of a paused job", () -> job.runs.get() == 1);
    scheduler.resume("backup:app");
    assertEquals(Optional.of(next), scheduler.nextRun("backup:app"));
  }
  @Test
  void rescheduleAddsRemovesAndReschedulesWithoutInterruptingARunningJob() throws Exception {
    TestJob running = new TestJob("backup:long", Schedule.parse("0 2 * * *"), false);
    running.release = new java.util.concurrent.CountDownLatch(1);
    TestJob kept = new TestJob("logs:app", Schedule.parse("0 2 * * *"), false);
    TestJob moved = new TestJob("sqlite:db", Schedule.parse("0 2 * * *"), false);
    start(ZoneId.of("UTC"), running, kept, moved);
    scheduler.runNow("backup:long");
    assertTrue(running.started.await(30, java.util.concurrent.TimeUnit.SECONDS));

    TestJob keptAgain = new TestJob("logs:app", Schedule.parse("0 2 * * *"), false);
    TestJob movedAgain = new TestJob("sqlite:db", Schedule.parse("0 4 * * *"), false);
    TestJob added = new TestJob("logs:new", Schedule.parse("0 3 * * *"), false);
    JobScheduler.Changes changes = scheduler.reschedule(List.of(keptAgain, movedAgain, added));

    assertEquals(List.of("logs:new"), changes.added());
    assertEquals(List.of("backup:long"), changes.removed());
    assertEquals(List.of("sqlite:db"), changes.rescheduled());
    assertEquals(List.of("logs:app", "sqlite:db", "logs:new"), scheduler.names());
    assertEquals(4, scheduler.nextRun("sqlite:db").orElseThrow().atZone(ZoneId.of("UTC")).getHour());
    assertEquals(3, scheduler.nextRun("logs:new").orElseThrow().atZone(ZoneId.of("UTC")).getHour());
    assertTrue(scheduler.nextRun("backup:long").isEmpty());

    // The removed job's run goes on and is recorded; a kept job runs its new instance.
    running.release.countDown();
    Poll.until("the removed job's run finishes", () -> history.lastFinished("backup:long").isPresent());
    assertEquals("success", history.lastFinished("backup:long").orElseThrow().result());
    scheduler.runNow("logs:app");
    Poll.until("the new instance runs", () -> keptAgain.runs.get() == 1);
    assertEquals(0, kept.runs.get());
  }
}

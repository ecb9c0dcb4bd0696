package io.hostkeeper.worker.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/** A scheduled fire is judged stale against the scheduler's clock, not the machine's. */
class QuartzJobAdapterTest {

  private static final Instant NEXT_FIRE = Instant.parse("2030-01-01T00:00:15Z");

  /** A fire whose following fire time is {@link #NEXT_FIRE}, with the trigger label given (null: a scheduled fire). */
  private static JobExecutionContext fire(String triggerLabel) {
    JobDataMap data = new JobDataMap();
    if (triggerLabel != null) data.put(QuartzJobAdapter.TRIGGER_KEY, triggerLabel);
    return (JobExecutionContext) Proxy.newProxyInstance(JobExecutionContext.class.getClassLoader(),
        new Class<?>[] {JobExecutionContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getMergedJobDataMap" -> data;
          case "getNextFireTime" -> Date.from(NEXT_FIRE);
          case "getScheduledFireTime" -> Date.from(NEXT_FIRE.minusSeconds(15));
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  private static QuartzJobAdapter adapterAt(Instant now) {
    return new QuartzJobAdapter(null, null, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aFireIsStaleOnlyOnceTheClockHasPassedTheFollowingFire() {
    // The machine's time (years before NEXT_FIRE) would call neither stale; the clock decides.
    assertFalse(adapterAt(NEXT_FIRE.minusMillis(1)).skips(fire(null)));
    assertTrue(adapterAt(NEXT_FIRE).skips(fire(null)));
    assertTrue(adapterAt(NEXT_FIRE.plusSeconds(60)).skips(fire(RunTrigger.SCHEDULE.label())));
  }

  @Test
  void aCatchUpOrManualRunIsNeverSkipped() {
    for (RunTrigger t : RunTrigger.values()) {
      if (t == RunTrigger.SCHEDULE) continue;
      assertFalse(adapterAt(NEXT_FIRE.plusSeconds(60)).skips(fire(t.label())), t.name());
    }
  }
}

package io.hostkeeper.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hostkeeper.common.config.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CatchUpTest {
  static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");

  @ParameterizedTest(name = "last success {0}, history {1}, period {2} -> {3}")
  @CsvSource({
      // last success (empty = never), has history, period, due
      "2026-03-01T02:05:00Z, true,  PT24H, true",   // missed the 02:00 run while down
      "2026-03-02T02:05:00Z, true,  PT24H, false",  // ran today
      "2026-03-01T03:00:00Z, true,  PT24H, false",  // exactly one period: not yet missed
      "2026-03-01T02:59:59Z, true,  PT24H, true",
      ",                     true,  PT24H, true",   // ran before but never succeeded
      ",                     false, PT24H, false",  // first start ever: nothing was missed
      "2026-02-01T00:00:00Z, false, PT24H, false",
      "2026-03-02T02:59:00Z, true,  PT1M,  false",
      "2026-03-02T02:58:59Z, true,  PT1M,  true",
  })
  void table(String lastSuccess, boolean hasHistory, Duration period, boolean due) {
    Optional<Instant> last = Optional.ofNullable(lastSuccess).map(Instant::parse);
    assertEquals(due, CatchUp.due(last, hasHistory, period, NOW));
  }

  @Test
  void unknownPeriodNeverCatchesUp() {
    assertEquals(false, CatchUp.due(Optional.empty(), true, null, NOW));
  }

  @Test
  void periodOfIntervalAndDisabled() {
    java.time.ZoneId utc = java.time.ZoneOffset.UTC;
    assertEquals(Duration.ofSeconds(15), CatchUp.periodOf(Schedule.every(Duration.ofSeconds(15)), utc));
    assertNull(CatchUp.periodOf(Schedule.DISABLED, utc));
    assertEquals(Duration.ofDays(1), CatchUp.periodOf(Schedule.parse("0 2 * * *"), utc));
    assertEquals(Duration.ofDays(7), CatchUp.periodOf(Schedule.parse("@weekly"), utc));
  }
}

package io.hostkeeper.worker.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.Schedule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatchUpTest {
  static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");

  @ParameterizedTest(name = "{0}, last success {1}, history {2} -> {3}")
  @CsvSource({
      // schedule, last success (empty = never), has history, due
      "0 2 * * *,  2026-03-01T02:05:00Z, true,  true",   // missed the 02:00 run while down
      "0 2 * * *,  2026-03-02T02:05:00Z, true,  false",  // ran today
      "0 2 * * *,  2026-03-01T03:00:00Z, true,  false",  // exactly one period: not yet missed
      "0 2 * * *,  2026-03-01T02:59:59Z, true,  true",
      "0 2 * * *,  ,                     true,  true",   // ran before but never succeeded
      "0 2 * * *,  ,                     false, false",  // first start ever: nothing was missed
      "0 2 * * *,  2026-02-01T00:00:00Z, false, false",
      "@every 1m,  2026-03-02T02:59:00Z, true,  false",
      "@every 1m,  2026-03-02T02:58:59Z, true,  true",
      "disabled,   ,                     true,  false",  // no period: never caught up
      "disabled,   2026-02-01T00:00:00Z, true,  false",
  })
  void table(String schedule, String lastSuccess, boolean hasHistory, boolean due) {
    Optional<Instant> last = Optional.ofNullable(lastSuccess).map(Instant::parse);
    assertEquals(due, CatchUp.due(Schedule.parse(schedule), ZoneOffset.UTC, last, hasHistory, NOW));
  }
}

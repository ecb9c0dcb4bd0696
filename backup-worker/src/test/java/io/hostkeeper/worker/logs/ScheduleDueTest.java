package io.hostkeeper.worker.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleDueTest {
  private static final Schedule DAILY = new Schedule("@daily", "0 0 0 * * ?", null);

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "-,                     2026-11-21T05:00:00Z, true",   // never rotated
      "2026-11-21T00:00:01Z, 2026-11-21T05:00:00Z, false",  // rotated after today's midnight
      "2026-11-20T23:59:59Z, 2026-11-21T00:00:00Z, true",   // midnight passed since
      "2026-11-20T00:00:00.5Z, 2026-11-20T23:59:59Z, false",
  })
  void dailyCron(String last, String now, boolean due) {
    assertEquals(due, ScheduleDue.due(DAILY, ZoneOffset.UTC, last == null ? null : Instant.parse(last), Instant.parse(now)));
  }

  @ParameterizedTest
  @CsvSource({"2026-11-21T04:59:00Z, false", "2026-11-21T04:00:00Z, true"})
  void interval(String last, boolean due) {
    assertEquals(due, ScheduleDue.due(Schedule.every(Duration.ofHours(1)), ZoneOffset.UTC, Instant.parse(last), Instant.parse("2026-11-21T05:00:00Z")));
  }

  @ParameterizedTest
  @CsvSource({"2026-11-20T00:00:00Z, false"})
  void disabledIsNeverDueOnceRotated(String last, boolean due) {
    assertEquals(due, ScheduleDue.due(Schedule.DISABLED, ZoneOffset.UTC, Instant.parse(last), Instant.parse("2026-12-21T05:00:00Z")));
  }
}

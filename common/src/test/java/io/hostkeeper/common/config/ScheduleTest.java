package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  /** A fixed start so periods do not depend on today's date. */
  static final Instant START = Instant.parse("2025-03-01T00:00:00Z");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0 2 * * *        | 0 0 2 * * ?",
      "*/15 * * * *     | 0 */15 * * * ?",
      "30 4 1 * *       | 0 30 4 1 * ?",
      "0 3 * * 0        | 0 0 3 ? * SUN",
      "0 3 * * 7        | 0 0 3 ? * SUN",
      "0 3 * * 1-5      | 0 0 3 ? * MON,TUE,WED,THU,FRI",
      "0 3 * * 5-7      | 0 0 3 ? * SUN,FRI,SAT",
      "0 3 * * */2      | 0 0 3 ? * SUN,TUE,THU,SAT",
      "0 3 * * 1,3      | 0 0 3 ? * MON,WED",
      "0 3 * * sat,SUN  | 0 0 3 ? * SUN,SAT",
      "0 3 * * mon-fri  | 0 0 3 ? * MON,TUE,WED,THU,FRI",
      "0 0 1 1 *        | 0 0 0 1 1 ?",
      "0 0 ? * 1        | 0 0 0 ? * MON",
      "0 0 2 ? * MON-FRI   | 0 0 2 ? * MON-FRI",
      "0 0 2 L * ? 2030    | 0 0 2 L * ? 2030",
      "@hourly          | 0 0 * * * ?",
      "@daily           | 0 0 0 * * ?",
      "@weekly          | 0 0 0 ? * SUN",
      "@monthly         | 0 0 0 1 * ?",
      "@yearly          | 0 0 0 1 1 ?",
      "@Daily           | 0 0 0 * * ?",
  })
  void translatesToQuartz(String text, String quartz) {
    Schedule s = Schedule.parse(text);
    assertEquals(quartz, s.quartzCron());
    assertEquals(text.trim(), s.expression());
    assertNull(s.every());
    assertTrue(!s.disabled());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "0 2 1 * 1       | a 5-field cron cannot restrict both day-of-month (1) and day-of-week (1)",
      "0 2 * *         | expected a schedule: 5-field cron",
      "60 2 * * *      | invalid cron \"60 2 * * *\"",
      "0 25 * * *      | invalid cron",
      "0 2 * * 8       | invalid day-of-week \"8\"",
      "0 2 * * 5-1     | day-of-week range 5-1 runs backwards",
      "0 2 * * 1#2     | invalid day-of-week",
      "0 0 2 1 * MON   | invalid cron \"0 0 2 1 * MON\": Support for specifying both",
      "@fortnightly    | unknown schedule macro \"@fortnightly\"",
      "@every          | @every needs an interval",
      "@every 0s       | @every needs an interval greater than zero",
      "@every fast     | @every needs an interval",
      "tomorrow        | expected a schedule",
      "''              | expected a schedule",
      "a b c d e f g h | expected a schedule",
      "x x x x x x     | invalid cron",
  })
  void rejectsWithAHelpfulMessage(String text, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse(text));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void intervalsAndDisabled() {
    Schedule s = Schedule.parse("@every 90s");
    assertEquals(Duration.ofSeconds(90), s.every());
    assertEquals(Duration.ofSeconds(90), s.period());
    assertEquals("@every 90s", s.expression());
    assertNull(s.quartzCron());
    assertTrue(Schedule.parse("disabled").disabled());
    assertTrue(Schedule.parse("Disabled").disabled());
    assertNull(Schedule.DISABLED.period());
    assertEquals(Duration.ofMillis(1500), Schedule.every(Duration.ofMillis(1500)).every());
    assertEquals("@every 1s500ms", Schedule.every(Duration.ofMillis(1500)).expression());
    assertEquals(Schedule.every(Duration.ofMinutes(90)), Schedule.parse(Schedule.every(Duration.ofMinutes(90)).expression()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "@hourly               | PT1H",
      "0 2 * * *             | PT24H",
      "*/15 * * * *          | PT15M",
      "0 9,17 * * *          | PT16H",
      "0 3 * * 1-5           | PT72H",
      "@weekly               | PT168H",
      "@monthly              | PT744H",
      "0 0 31 * *            | PT1464H",
      "@yearly               | PT8760H",
      "* * * * * ?           | PT1S",
      "* * * 1 *             | PT8016H1M",
  })
  void periodIsTheLongestGapOverAYear(String text, Duration period) {
    assertEquals(period, Schedule.parse(text).periodFrom(START, ZoneOffset.UTC));
  }

  @Test
  void periodFollowsDaylightSavingInTheGivenZone() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    assertEquals(Duration.ofHours(25), Schedule.parse("0 3 * * *").periodFrom(START, berlin));
    // 02:30 does not exist on the day clocks go forward, so Quartz skips that day's run
    assertEquals(Duration.ofHours(47), Schedule.parse("30 2 * * *").periodFrom(START, berlin));
  }

  @Test
  void aCronThatNeverFiresAgainHasNoPeriod() {
    assertNull(new Schedule("0 0 0 1 1 ? 2020", "0 0 0 1 1 ? 2020", null).periodFrom(START, ZoneOffset.UTC));
  }

  // Fire times and missed runs: the one place of schedule arithmetic (log rotation's "due since the
  // last rotation", the scheduler's catch-up).

  private static final Schedule DAILY = Schedule.parse("@daily");

  @ParameterizedTest(name = "daily, rotated {0}, now {1} -> {2}")
  @CsvSource({
      "2026-11-21T00:00:01Z,   2026-11-21T05:00:00Z, false",  // rotated after today's midnight
      "2026-11-20T23:59:59Z,   2026-11-21T00:00:00Z, true",   // midnight passed since
      "2026-11-20T00:00:00.5Z, 2026-11-20T23:59:59Z, false",
  })
  void firedSinceADailyCron(String last, String now, boolean fired) {
    assertEquals(fired, DAILY.firedSince(Instant.parse(last), ZoneOffset.UTC, Instant.parse(now)));
  }

  @ParameterizedTest(name = "hourly interval, last {0} -> {1}")
  @CsvSource({"2026-11-21T04:59:00Z, false", "2026-11-21T04:00:00Z, true"})
  void firedSinceAnInterval(String last, boolean fired) {
    assertEquals(fired, Schedule.every(Duration.ofHours(1))
        .firedSince(Instant.parse(last), ZoneOffset.UTC, Instant.parse("2026-11-21T05:00:00Z")));
  }

  @Test
  void aDisabledScheduleNeverFiresNorMissesARun() {
    Instant last = Instant.parse("2026-11-20T00:00:00Z");
    Instant now = Instant.parse("2026-12-21T05:00:00Z");
    assertFalse(Schedule.DISABLED.firedSince(last, ZoneOffset.UTC, now));
    assertFalse(Schedule.DISABLED.missedSince(last, ZoneOffset.UTC, now));
    assertTrue(Schedule.DISABLED.nextAfter(last, ZoneOffset.UTC).isEmpty());
  }

  @Test
  void nextAfterFollowsTheZone() {
    Instant t = Instant.parse("2026-11-21T05:00:00Z");
    assertEquals(Instant.parse("2026-11-22T00:00:00Z"), DAILY.nextAfter(t, ZoneOffset.UTC).orElseThrow());
    assertEquals(Instant.parse("2026-11-21T23:00:00Z"), DAILY.nextAfter(t, ZoneId.of("Europe/Berlin")).orElseThrow());
    assertEquals(t.plusSeconds(90), Schedule.parse("@every 90s").nextAfter(t, ZoneOffset.UTC).orElseThrow());
    assertTrue(new Schedule("0 0 0 1 1 ? 2020", "0 0 0 1 1 ? 2020", null).nextAfter(t, ZoneOffset.UTC).isEmpty());
  }

  @ParameterizedTest(name = "{0}, last success {1} -> missed {2}")
  @CsvSource({
      // now is 2026-03-02T03:00:00Z
      "0 2 * * *,    2026-03-01T02:05:00Z, true",   // missed the 02:00 run
      "0 2 * * *,    2026-03-02T02:05:00Z, false",  // ran today
      "0 2 * * *,    2026-03-01T03:00:00Z, false",  // exactly one period: not yet missed
      "0 2 * * *,    2026-03-01T02:59:59Z, true",
      "@every 1m,    2026-03-02T02:59:00Z, false",
      "@every 1m,    2026-03-02T02:58:59Z, true",
      "@weekly,      2026-02-23T03:00:00Z, false",
      "@weekly,      2026-02-23T02:59:59Z, true",
  })
  void missedSinceIsMoreThanOnePeriod(String schedule, String lastSuccess, boolean missed) {
    assertEquals(missed, Schedule.parse(schedule)
        .missedSince(Instant.parse(lastSuccess), ZoneOffset.UTC, Instant.parse("2026-03-02T03:00:00Z")));
  }
}

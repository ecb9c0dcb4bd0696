package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.RetentionConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Retention as a table: archives (by timestamp), policy, fixed "now" → the set kept. */
class RetentionTest {
  static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");
  static final ZoneId UTC = ZoneOffset.UTC;

  static RetentionConfig policy(Integer last, Integer hourly, Integer daily, Integer weekly, Integer monthly, Integer yearly) {
    return new RetentionConfig(last, hourly, daily, weekly, monthly, yearly);
  }

  /** Daily archives at 02:00 for the 40 days before NOW, plus irregular extras. */
  static List<String> dailyFor(int days) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < days; i++) l.add(Instant.parse("2026-03-15T02:00:00Z").minusSeconds(86400L * i).toString());
    return l;
  }

  static Stream<Arguments> table() {
    List<String> irregular = List.of(
        "2026-03-15T11:59:00Z", "2026-03-15T11:30:00Z", "2026-03-15T09:00:00Z", "2026-03-14T23:59:59Z",
        "2026-03-14T00:00:01Z", "2026-03-10T05:00:00Z", "2026-02-28T10:00:00Z", "2026-01-01T00:00:00Z",
        "2025-12-31T23:59:59Z", "2024-06-01T00:00:00Z");
    return Stream.of(
        Arguments.of("empty policy keeps everything", irregular, null, irregular),
        Arguments.of("all-null policy keeps everything", irregular, policy(null, null, null, null, null, null), irregular),
        Arguments.of("keep_last 0 still keeps the newest", irregular, policy(0, null, null, null, null, null),
            List.of("2026-03-15T11:59:00Z")),
        Arguments.of("keep_last 3", irregular, policy(3, null, null, null, null, null),
            List.of("2026-03-15T11:59:00Z", "2026-03-15T11:30:00Z", "2026-03-15T09:00:00Z")),
        Arguments.of("keep_hourly 2: newest in each of the 2 newest hours", irregular, policy(null, 2, null, null, null, null),
            List.of("2026-03-15T11:59:00Z", "2026-03-15T09:00:00Z")),
        Arguments.of("keep_daily 3", irregular, policy(null, null, 3, null, null, null),
            List.of("2026-03-15T11:59:00Z", "2026-03-14T23:59:59Z", "2026-03-10T05:00:00Z")),
        Arguments.of("keep_monthly 3 across a year boundary", irregular, policy(null, null, null, null, 3, null),
            List.of("2026-03-15T11:59:00Z", "2026-02-28T10:00:00Z", "2026-01-01T00:00:00Z")),
        Arguments.of("keep_yearly 5", irregular, policy(null, null, null, null, null, 5),
            List.of("2026-03-15T11:59:00Z", "2025-12-31T23:59:59Z", "2024-06-01T00:00:00Z")),
        Arguments.of("OR of keep_last 1 and keep_yearly 2", irregular, policy(1, null, null, null, null, 2),
            List.of("2026-03-15T11:59:00Z", "2025-12-31T23:59:59Z")),
        Arguments.of("keep_weekly 2 (ISO weeks start Monday)", irregular, policy(null, null, null, 2, null, null),
            // 2026-03-15 is a Sunday: 15th, 14th, 10th are in ISO week 11; 28 Feb is week 9
            List.of("2026-03-15T11:59:00Z", "2026-02-28T10:00:00Z")),
        Arguments.of("daily 7 + weekly 4 on 40 regular days", dailyFor(40), policy(null, null, 7, 4, null, null),
            List.of("2026-03-15T02:00:00Z", "2026-03-14T02:00:00Z", "2026-03-13T02:00:00Z", "2026-03-12T02:00:00Z",
                "2026-03-11T02:00:00Z", "2026-03-10T02:00:00Z", "2026-03-09T02:00:00Z",
                "2026-03-08T02:00:00Z", "2026-03-01T02:00:00Z", "2026-02-22T02:00:00Z")),
        Arguments.of("future-dated archives are kept and use up no slot", List.of(
                "2027-01-01T00:00:00Z", "2026-03-16T00:00:00Z", "2026-03-15T10:00:00Z", "2026-03-14T10:00:00Z", "2026-03-13T10:00:00Z"),
            policy(2, null, null, null, null, null),
            List.of("2027-01-01T00:00:00Z", "2026-03-16T00:00:00Z", "2026-03-15T10:00:00Z", "2026-03-14T10:00:00Z")),
        Arguments.of("only future-dated archives: nothing removed", List.of("2027-01-01T00:00:00Z", "2026-04-01T00:00:00Z"),
            policy(0, null, null, null, null, null), List.of("2027-01-01T00:00:00Z", "2026-04-01T00:00:00Z")),
        Arguments.of("no archives", List.of(), policy(3, null, 7, null, null, null), List.of()),
        Arguments.of("same timestamp twice: keep_last 1 keeps one", List.of("2026-03-15T10:00:00Z", "2026-03-15T10:00:00Z#2"),
            policy(1, null, null, null, null, null), List.of("2026-03-15T10:00:00Z#2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void keeps(String name, List<String> archives, RetentionConfig policy, List<String> expectedKept) {
    List<Retention.Archive> in = archives.stream()
        .map(s -> new Retention.Archive(s, Instant.parse(s.contains("#") ? s.substring(0, s.indexOf('#')) : s))).toList();
    Retention.Decision d = Retention.apply(in, policy, UTC, NOW);
    TreeSet<String> kept = new TreeSet<>();
    d.keep().keySet().forEach(a -> kept.add(a.id()));
    assertEquals(new TreeSet<>(expectedKept), kept, name);
    assertEquals(archives.size(), d.keep().size() + d.remove().size(), "every archive is kept or removed, once");
    d.remove().forEach(a -> assertTrue(!d.keep().containsKey(a)));
  }

  @ParameterizedTest(name = "zone {0}")
  @MethodSource("zones")
  void dailyBucketsFollowTheZone(String zone, int expected) {
    // 23:30 UTC and 00:30 UTC are one day apart in UTC but the same day in America/New_York
    var a = List.of(new Retention.Archive("a", Instant.parse("2026-03-10T00:30:00Z")),
        new Retention.Archive("b", Instant.parse("2026-03-09T23:30:00Z")));
    var d = Retention.apply(a, policy(null, null, 2, null, null, null), ZoneId.of(zone), NOW);
    assertEquals(expected, d.keep().size(), Arrays.toString(d.keep().keySet().toArray()));
  }

  static Stream<Arguments> zones() {
    return Stream.of(Arguments.of("UTC", 2), Arguments.of("America/New_York", 1));
  }
}

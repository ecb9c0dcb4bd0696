package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.RetentionConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The destination quota as a table: archives (id, day, size), quota, protected id → removed ids, used, met. */
class QuotaTest {
  static final Instant DAY0 = Instant.parse("2026-03-01T02:00:00Z");

  /** "a:1:100" → archive a on day 1 of 100 bytes. */
  static List<Quota.Archive> archives(String... specs) {
    List<Quota.Archive> l = new ArrayList<>();
    for (String s : specs) {
      String[] p = s.split(":");
      l.add(new Quota.Archive(p[0], DAY0.plus(Duration.ofDays(Long.parseLong(p[1]))), Long.parseLong(p[2])));
    }
    return l;
  }

  static Stream<Arguments> table() {
    String[] five = {"a:1:100", "b:2:100", "c:3:100", "d:4:100", "e:5:100"};
    return Stream.of(
        Arguments.of("under the quota: nothing goes", archives(five), 500L, null, List.of(), 500L, true),
        Arguments.of("exactly at the quota: nothing goes", archives(five), 500L, "e", List.of(), 500L, true),
        Arguments.of("one byte over: the oldest goes", archives(five), 499L, "e", List.of("a"), 400L, true),
        Arguments.of("oldest first until it fits", archives(five), 250L, "e", List.of("a", "b", "c"), 200L, true),
        Arguments.of("only the newest fits", archives(five), 100L, null, List.of("a", "b", "c", "d"), 100L, true),
        Arguments.of("input order does not matter", archives("e:5:100", "c:3:100", "a:1:100", "d:4:100", "b:2:100"), 250L, null,
            List.of("a", "b", "c"), 200L, true),
        Arguments.of("a big old archive goes first, the small ones stay", archives("a:1:1000", "b:2:10", "c:3:10"), 100L, null,
            List.of("a"), 20L, true),
        Arguments.of("the protected archive is kept even when it is not the newest by time",
            archives("a:1:100", "b:2:100", "c:3:100"), 100L, "a", List.of("b", "c"), 100L, true),
        Arguments.of("newest alone over the quota: nothing goes, not met", archives("a:1:10", "b:2:10", "c:3:200"), 100L, "c",
            List.of(), 220L, false),
        Arguments.of("same time: the id decides the order", archives("b:1:100", "a:1:100", "c:2:100"), 200L, "c",
            List.of("a"), 200L, true),
        Arguments.of("no archives", archives(), 100L, null, List.of(), 0L, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void quota(String what, List<Quota.Archive> archives, long quota, String protectedId, List<String> removed, long used, boolean met) {
    Quota.Decision d = Quota.apply(archives, quota, protectedId);
    assertEquals(removed, d.remove().stream().map(Quota.Archive::id).toList(), what);
    assertEquals(used, d.usedBytes(), what);
    assertEquals(met, d.met(), what);
  }

  @Test
  void twentyDailyArchivesThroughRetentionAndQuotaKeepTheNewest() {
    // A fake clock steps one day per run; sizes grow so that the quota bites at different counts.
    Clock clock = Clock.fixed(DAY0, ZoneOffset.UTC);
    RetentionConfig policy = new RetentionConfig(null, null, 7, 4, null, null);
    long quota = 3_000;
    List<Quota.Archive> stored = new ArrayList<>();
    for (int day = 0; day < 20; day++) {
      clock = Clock.offset(clock, Duration.ofDays(1));
      Instant now = clock.instant();
      Quota.Archive written = new Quota.Archive("d" + day, now, 400 + 50L * day);
      stored.add(written);
      List<Retention.Archive> forRetention = stored.stream().map(a -> new Retention.Archive(a.id(), a.time())).toList();
      Retention.Decision r = Retention.apply(forRetention, policy, ZoneOffset.UTC, now);
      List<String> retentionRemoves = r.remove().stream().map(Retention.Archive::id).toList();
      stored.removeIf(a -> retentionRemoves.contains(a.id()));
      Quota.Decision q = Quota.apply(stored, quota, written.id());
      stored.removeAll(q.remove());
      assertTrue(q.met(), "day " + day);
      assertTrue(stored.contains(written), "day " + day + ": the archive just written survives");
      long used = stored.stream().mapToLong(Quota.Archive::sizeBytes).sum();
      assertEquals(used, q.usedBytes());
      assertTrue(used <= quota, "day " + day + ": " + used + " > " + quota);
      for (Quota.Archive gone : q.remove()) {
        assertTrue(stored.stream().allMatch(kept -> kept.time().isAfter(gone.time())), "day " + day + ": only the oldest go");
      }
    }
    // Day 19 (1350 bytes) and day 18 (1300 bytes) fit in 3000; day 17 (1250) would not.
    assertEquals(List.of("d18", "d19"), stored.stream().map(Quota.Archive::id).sorted().toList());
  }

  @Test
  void aQuotaOfZeroIsRefused() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Quota.apply(archives(), 0, null));
  }
}

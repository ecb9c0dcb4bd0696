package io.hostkeeper.exporter.collector.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreshnessTest {
  static final long S = 1_000_000_000L;

  @Test
  void staleAfterIsTwoIntervalsPlusTheTimeout() {
    assertEquals(Duration.ofSeconds(32), Freshness.staleAfter(Duration.ofSeconds(15), Duration.ofSeconds(2)));
    assertEquals(Duration.ofMinutes(21), Freshness.staleAfter(Duration.ofMinutes(10), Duration.ofMinutes(1)));
  }

  /** Checks started at 100 s; the bound is 32 s. A result finished at {@code finished} (-1: none yet), asked at {@code now}. */
  @ParameterizedTest(name = "finished {0}, now {1}: {2}")
  @CsvSource({
      "-1, 100, PENDING", "-1, 132, PENDING", "-1, 133, STALE",
      "110, 110, FRESH", "110, 142, FRESH", "110, 143, STALE",
      "200, 231, FRESH", "200, 500, STALE"})
  void states(long finished, long now, Freshness.State expected) {
    CheckOutcome o = finished < 0 ? null
        : new CheckOutcome(ProbeResult.up(Duration.ofMillis(3)), null, Instant.EPOCH, finished * S);
    assertEquals(expected, Freshness.state(o, 100 * S, now * S, Duration.ofSeconds(32)));
  }

  @Test
  void staleReasonIsTheSameTextEveryTime() {
    assertEquals("stale: no check result for more than 32s (checks every 15s); the check hangs or the exporter's check pool is full",
        Freshness.staleReason(Duration.ofSeconds(32), Duration.ofSeconds(15)));
  }
}

package io.hostkeeper.exporter.status.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void fortyEightHoursOfSamplesStayWithinTheFixedBound() {
    History h = History.forDay(Duration.ofMinutes(1));
    assertEquals(1440, h.capacityPerSeries());
    for (int i = 0; i < 48 * 60; i++) {
      Map<String, Double> v = new HashMap<>();
      v.put("cpu", (double) (i % 100));
      for (int d = 0; d < 40; d++) v.put("disk:/mnt/" + d, 50.0); // more mounts than kept
      h.record(T0.plus(Duration.ofMinutes(i)), v);
    }
    assertEquals(History.MAX_SERIES, h.series().size(), "no more than the fixed series plus 16 disks");
    assertEquals(History.MAX_SERIES * 1440, h.samplesHeld(), "every ring is full and none grew");
    Instant now = T0.plus(Duration.ofMinutes(48 * 60 - 1));
    List<Ring.Point> day = h.query("cpu", Duration.ofHours(24), now).orElseThrow().points();
    assertEquals(1440, day.size(), "24 h at one a minute, the older day overwritten");
    assertEquals(now.getEpochSecond(), day.get(day.size() - 1).epochSecond());
    assertEquals(now.minus(Duration.ofMinutes(1439)).getEpochSecond(), day.get(0).epochSecond());
  }

  @Test
  void anAbsentValueIsAGapNotAZero() {
    History h = History.forDay(Duration.ofMinutes(1));
    h.record(T0, Map.of("cpu", 12.5));
    h.record(T0.plusSeconds(60), Map.of());
    List<Ring.Point> p = h.query("cpu", Duration.ofHours(1), T0.plusSeconds(60)).orElseThrow().points();
    assertEquals(12.5, p.get(0).value());
    assertTrue(Double.isNaN(p.get(1).value()), "a gap");
    assertTrue(Double.isNaN(h.last("memory")), "never recorded: no value");
  }

  @Test
  void aShortIntervalKeepsAShorterWindowOfTheSameSize() {
    History h = History.forDay(Duration.ofSeconds(1));
    assertEquals(1440, h.capacityPerSeries());
    assertEquals(Duration.ofMinutes(24), h.window());
  }
}

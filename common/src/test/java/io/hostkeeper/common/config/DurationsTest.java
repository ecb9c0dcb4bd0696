package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"500ms,PT0.5S", "90s,PT1M30S", "15m,PT15M", "2h,PT2H", "7d,PT168H", "1h30m,PT1H30M", "0s,PT0S", "0,PT0S",
      "1d2h3m4s5ms,PT26H3M4.005S", "' 5s ',PT5S",
      "5 s,PT5S", "10 ms,PT0.01S", "1 h30 m,PT1H30M"})
  void parses(String text, Duration expected) {
    Duration d = Durations.parse(text);
    assertEquals(expected, d);
    assertEquals(d, Durations.parse(Durations.format(d)), "format reads back");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fast", "10", "-5s", "1.5h", "5  s", "5\ts", "10 seconds", "s", "1w", "PT5S", "", "5sec", "99999999999999999999d"})
  void rejects(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().startsWith("expected a duration such as 90s, 15m or 2h") || e.getMessage().startsWith("duration too large"),
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"10 seconds,10s", "10seconds,10s", "1 minute,1m", "2 Hours,2h", "3 days,3d", "2 weeks,14d", "500 milliseconds,500ms"})
  void longUnitNamesAreRefusedWithTheSymbolToWrite(String text, String symbol) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().endsWith("; unit names are written as symbols: " + symbol + " (ms, s, m, h, d)"), e.getMessage());
    assertEquals(Durations.parse(symbol), Durations.parse(symbol.replaceAll("(\\d+)", "$1 ")), "with one space it is accepted");
  }
}

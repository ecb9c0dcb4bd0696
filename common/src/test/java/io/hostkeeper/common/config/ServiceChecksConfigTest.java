package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** exporter.service_checks as the binder reads it. */
class ServiceChecksConfigTest {

  @Test
  void defaultsAreEveryFifteenSecondsFourAtATime() {
    ServiceChecksConfig c = ConfigLoader.parse("", "t.yml").config().exporter().serviceChecks();
    assertEquals(Duration.ofSeconds(15), c.interval());
    assertEquals(4, c.concurrency());
    assertEquals(ServiceChecksConfig.defaults(), c);
  }

  @Test
  void givenValuesBind() {
    ServiceChecksConfig c = ConfigLoader.parse("exporter:\n  service_checks: {interval: 30s, concurrency: 2}\n", "t.yml")
        .config().exporter().serviceChecks();
    assertEquals(new ServiceChecksConfig(Duration.ofSeconds(30), 2), c);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "interval: 500ms|exporter.service_checks.interval: line 2: must be between 1s and 10m, got 500ms",
      "interval: 11m|exporter.service_checks.interval: line 2: must be between 1s and 10m, got 11m",
      "concurrency: 0|exporter.service_checks.concurrency: line 2: must be between 1 and 64, got 0",
      "concurrency: 65|exporter.service_checks.concurrency: line 2: must be between 1 and 64, got 65"})
  void outOfRangeValuesAreErrorsWithTheirLines(String entry, String error) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("exporter:\n  service_checks: {" + entry + "}\n", "t.yml"));
    assertEquals(List.of(error), e.errors().stream().map(ConfigError::toString).toList());
  }
}

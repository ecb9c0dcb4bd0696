package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watchdog's restart: block: defaults and the rules the binder reports with path and line. */
class RestartConfigTest {

  @Test
  void systemdCheckMayOmitTheCommand() {
    HostkeeperConfig c = ConfigLoaderTest.parse("services:\n  - name: a\n    check: {systemd: {unit: a.service}}\n    restart: {}\n").config();
    RestartConfig r = c.services().get(0).restart();
    assertEquals(List.of(), r.command());
    assertEquals(Duration.ofSeconds(60), r.timeout());
    assertEquals(0.1, r.backoff().jitter());
  }

  @Test
  void otherChecksNeedACommand() {
    assertEquals(List.of("services[0].restart: line 4: command is required for the http check;"
            + " only a systemd check has a default (systemctl restart UNIT)"),
        ConfigLoaderTest.errors("services:\n  - name: a\n    check: {http: {url: \"http://127.0.0.1/\"}}\n    restart: {}\n"));
  }

  @Test
  void durationsAndBackoffMustMakeSense() {
    List<String> errors = ConfigLoaderTest.errors("""
        services:
          - name: a
            check: {systemd: {unit: a.service}}
            restart:
              backoff: {initial: 1m, max: 10s}
          - name: b
            check: {systemd: {unit: b.service}}
            restart: {command: ["systemctl", ""]}
          - name: c
            check: {systemd: {unit: c.service}}
            restart: {interval: 0s}
        """);
    assertEquals(List.of(
        "services[0].restart.backoff.max: line 5: must be at least initial (1m)",
        "services[1].restart.command: line 8: must not contain empty arguments",
        "services[2].restart.interval: line 11: must be at least 1s, got 0s"), errors.stream().sorted().toList());
  }
}

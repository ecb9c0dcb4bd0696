package io.hostkeeper.worker.watchdog;

import static io.hostkeeper.worker.watchdog.WatchdogFixture.tcpService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.worker.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 item 11: the gave-up line names the CLI command that re-arms, not a raw POST. */
class GaveUpLogLineTest {
  @TempDir Path dir;

  @Test
  void theGaveUpLineNamesTheCliCommand() throws Exception {
    FakeClock clock = new FakeClock(WatchdogFixture.t0());
    WatchdogFixture fx = new WatchdogFixture(dir, clock);
    Path cmd = fx.script("restart.sh", "true");
    RestartConfig rc = Policies.config(List.of(cmd.toString()), 1, Duration.ofSeconds(15), Duration.ofSeconds(1),
        Policies.backoff(1, 1, 1, 0), 1, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(10));
    fx.start(tcpService("web", rc));
    fx.probe("web").up = false;
    try (LogCapture log = new LogCapture(ServiceWatchdog.class)) {
      for (int i = 0; i < 20 && !"gave_up".equals(fx.stateMetric("web")); i++) {
        clock.advance(Duration.ofSeconds(15));
        fx.run("web");
      }
      assertEquals("gave_up", fx.stateMetric("web"));
      List<String> gaveUp = log.at(Level.WARN).stream().filter(l -> l.contains("-> gave_up")).toList();
      assertEquals(1, gaveUp.size(), log.at(Level.WARN).toString());
      assertTrue(gaveUp.get(0).contains("hostkeeper-worker services rearm web"), gaveUp.get(0));
      assertFalse(gaveUp.get(0).contains("POST /api"), gaveUp.get(0));
    }
  }
}

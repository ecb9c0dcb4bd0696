package io.hostkeeper.exporter.collector.service;

import static io.hostkeeper.exporter.collector.service.ReasonLog.Verdict.DOWN;
import static io.hostkeeper.exporter.collector.service.ReasonLog.Verdict.RECOVERED;
import static io.hostkeeper.exporter.collector.service.ReasonLog.Verdict.SILENT;
import static io.hostkeeper.exporter.collector.service.ReasonLog.Verdict.STILL_DOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReasonLogTest {
  @Test
  void logsChangesAtOnceAndRepeatsRarely() {
    AtomicLong now = new AtomicLong();
    ReasonLog log = new ReasonLog(Duration.ofMinutes(10), now::get);
    long minute = Duration.ofMinutes(1).toNanos();
    assertEquals(SILENT, log.record("web", true, ""));
    assertEquals(DOWN, log.record("web", false, "refused"));
    now.addAndGet(minute);
    assertEquals(SILENT, log.record("web", false, "refused"));
    assertEquals(DOWN, log.record("web", false, "timed out"), "a new reason is logged at once");
    now.addAndGet(9 * minute);
    assertEquals(SILENT, log.record("web", false, "timed out"));
    now.addAndGet(minute);
    assertEquals(STILL_DOWN, log.record("web", false, "timed out"));
    assertEquals(SILENT, log.record("web", false, "timed out"));
    assertEquals(RECOVERED, log.record("web", true, ""));
    assertEquals(SILENT, log.record("web", true, ""));
    assertEquals(DOWN, log.record("db", false, "refused"), "services are tracked apart");
  }
}

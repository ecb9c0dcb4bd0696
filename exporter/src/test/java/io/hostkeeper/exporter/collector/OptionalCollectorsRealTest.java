package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hostkeeper.common.config.ProcessGroupConfig;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.exporter.collector.service.Exposition;
import io.hostkeeper.exporter.scrape.ScrapeRound;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional collectors inside a real scrape: promtool accepts their output, a failing kmsg is
 * reported as {@code success 0} without taking the other collectors down, and the real
 * {@code /dev/kmsg} (where this user may read it) is read twice without blocking.
 */
class OptionalCollectorsRealTest {

  static ScrapeContext ctx() {
    return new ScrapeContext(System.nanoTime() + Duration.ofSeconds(20).toNanos());
  }

  @Test
  void promtoolAcceptsKmsgAndProcessGroupsOutput(@TempDir Path dir) throws Exception {
    Path promtool = RealStack.require("prometheus", "promtool");
    Path kmsg = dir.resolve("kmsg");
    Files.copy(KmsgCollectorTest.FIXTURE, kmsg);
    List<MetricSnapshot> all = new ArrayList<>(new KmsgCollector(kmsg).collect(ctx()));
    all.addAll(new ProcessGroupsCollector(ProcessGroupsCollectorTest.ROOTS, ProcessGroupsCollectorTest.GROUPS).collect(ctx()));
    String text = Exposition.text(all);
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
    assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out.toString(StandardCharsets.UTF_8) + "\non:\n" + text);
  }

  @Test
  void anUnreadableKernelLogFailsOnlyItsOwnCollector(@TempDir Path dir) throws Exception {
    List<Collector> collectors = List.of(new KmsgCollector(dir.resolve("missing-kmsg")),
        new ProcessGroupsCollector(ProcessGroupsCollectorTest.ROOTS,
            List.of(new ProcessGroupConfig("nginx", java.util.regex.Pattern.compile("^nginx: "), ProcessGroupConfig.MatchOn.CMDLINE))));
    try (ScrapeEngine engine = new ScrapeEngine(collectors, Duration.ZERO)) {
      ScrapeRound c = engine.collect(Duration.ofSeconds(20));
      assertFalse(c.result("kmsg").orElseThrow().success());
      assertTrue(c.family("hostkeeper_kernel_log_messages").isEmpty(), "a failed collector's families are left out");
      assertTrue(c.result("processgroups").orElseThrow().success());
      assertTrue(c.family("hostkeeper_process_group_processes").isPresent());
    }
  }

  @Test
  void theRealKernelLogIsReadWithoutBlocking() throws Exception {
    Path dev = Path.of("/dev/kmsg");
    assumeTrue(Files.isReadable(dev), "/dev/kmsg is not readable here");
    KmsgCollector c = new KmsgCollector(dev);
    String first = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try {
        return Exposition.text(c.collect(ctx()));
      } catch (java.io.IOException e) {
        return "unreadable: " + e.getMessage();
      }
    }, "a read that waited for new kernel messages would hang here");
    assumeTrue(!first.startsWith("unreadable: "), "no permission for /dev/kmsg as this user: " + first);
    System.out.println("first read of /dev/kmsg:\n" + first);
    assertTrue(first.contains("hostkeeper_kernel_log_messages_lost_total"), first);
    String second = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Exposition.text(c.collect(ctx())));
    assertTrue(second.contains("hostkeeper_kernel_log_messages_lost_total"), second);
  }
}

package io.hostkeeper.exporter.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.Threshold;
import io.hostkeeper.exporter.FixtureExporter;
import io.hostkeeper.exporter.TestConfigs;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.Families;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.collector.ScrapeContext;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusTest {

  @ParameterizedTest(name = "{0} with warning {1}, critical {2} -> {3}")
  @CsvSource({"79.9, 80, 95, OK", "80, 80, 95, WARNING", "95, 80, 95, CRITICAL", "100, 80, , WARNING", "10, , , OK", "NaN, 80, 95, UNKNOWN"})
  void levels(double value, Double warning, Double critical, Level expected) {
    assertEquals(expected, Level.of(value, new Threshold(warning, critical)));
  }

  @Test
  void cpuUsageFromDeltasWithoutWaiting() throws Exception {
    AtomicLong now = new AtomicLong();
    Deque<double[]> samples = new ArrayDeque<>(List.of(new double[] {10, 100}, new double[] {15, 110}, new double[] {15, 120}, new double[] {30, 130}));
    List<Long> slept = new java.util.ArrayList<>();
    CpuUsage u = new CpuUsage(samples::poll, now::get, n -> {
      slept.add(n);
      now.addAndGet(n);
    }, 250_000_000L);
    assertEquals(OptionalDouble.of(50.0), u.percent(), "first call samples twice, a window apart");
    assertEquals(List.of(250_000_000L), slept);
    now.addAndGet(100_000_000L);
    assertEquals(OptionalDouble.of(50.0), u.percent(), "too soon: the last figure");
    now.addAndGet(200_000_000L);
    assertEquals(OptionalDouble.of(0.0), u.percent());
    now.addAndGet(300_000_000L);
    assertEquals(OptionalDouble.of(100.0), u.percent());
    assertEquals(1, slept.size(), "only the first call waits");
  }

  @Test
  void cpuUsageUnreadableIsEmpty() throws Exception {
    CpuUsage u = new CpuUsage(() -> null, System::nanoTime, n -> { }, 1);
    assertTrue(u.percent().isEmpty());
  }

  /** The host checks on the pi fixture plus a fake thermal collector: memory, swap, disks, temperature. */
  @Test
  void hostChecksFromTheCollectionRound() throws Exception {
    HostRoots pi = TestConfigs.fixture("pi");
    Collector thermal = new Collector() {
      @Override
      public String name() {
        return "thermal";
      }

      @Override
      public List<MetricSnapshot> collect(ScrapeContext context) {
        return List.of(new Families.Gauge("hostkeeper_temperature_celsius", "t")
            .add(55, "source", "hwmon", "chip", "a", "sensor", "temp1", "label", "x")
            .add(71.5, "source", "hwmon", "chip", "a", "sensor", "temp2", "label", "y").build());
      }
    };
    try (ScrapeEngine engine = FixtureExporter.engine(pi, TestConfigs.exporter(pi), List.of(thermal))) {
      CpuUsage cpu = new CpuUsage(new ArrayDeque<>(List.of(new double[] {0, 0}, new double[] {96, 100}))::poll,
          new AtomicLong()::get, n -> { }, 1);
      HostStatusContributor host = new HostStatusContributor(() -> engine.collect(Duration.ofSeconds(5)), TestConfigs.thresholds(), cpu);
      Map<String, StatusCheck> checks = host.checks().stream().collect(Collectors.toMap(StatusCheck::name, Function.identity()));
      assertEquals(Level.CRITICAL, checks.get("cpu").level());
      assertEquals(96.0, checks.get("cpu").value(), 1e-9);
      assertEquals(100.0 * (1 - 3105456.0 / 3882816.0), checks.get("memory").value(), 1e-9);
      assertEquals(Level.OK, checks.get("memory").level());
      assertEquals(0.0, checks.get("swap").value());
      // FAKE_STATFS: used = size/2, avail = size/2 - 4 MB, so just above 50 %.
      assertEquals(Level.OK, checks.get("disk:/").level());
      assertTrue(checks.get("disk:/").value() > 50 && checks.get("disk:/").value() < 51);
      assertTrue(!checks.containsKey("disk:/boot/firmware"), "read-only mounts are not judged");
      assertEquals(71.5, checks.get("temperature").value());
      assertEquals(Level.WARNING, checks.get("temperature").level());

      StatusService service = new StatusService(FixtureExporter.CLOCK, List.of(host));
      service.register(new StatusContributor() {
        @Override
        public String name() {
          return "services";
        }

        @Override
        public List<StatusCheck> checks() {
          throw new IllegalStateException("probe broke");
        }
      });
      StatusReport report = service.report();
      assertEquals(Level.CRITICAL, report.status());
      StatusCheck broken = report.checks().get(report.checks().size() - 1);
      assertEquals("services", broken.name());
      assertEquals(Level.UNKNOWN, broken.level());
      assertEquals("2026-01-02T03:04:05.500Z", report.time());
    }
  }

  @Test
  void unknownChecksDoNotRaiseTheOverallStatus() {
    StatusService s = new StatusService(FixtureExporter.CLOCK, List.of(new StatusContributor() {
      @Override
      public String name() {
        return "x";
      }

      @Override
      public List<StatusCheck> checks() {
        return List.of(StatusCheck.unknown("a", "?"), StatusCheck.judge("b", 81, "percent", new Threshold(80.0, 90.0)));
      }
    }));
    assertEquals(Level.WARNING, s.report().status());
  }
}

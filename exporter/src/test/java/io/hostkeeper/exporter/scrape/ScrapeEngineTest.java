package io.hostkeeper.exporter.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.Families;
import io.hostkeeper.exporter.collector.ScrapeContext;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScrapeEngineTest {

  /** A collector returning one gauge and counting its runs; optionally blocking on a latch first. */
  static class Fake implements Collector {
    final String name;
    final AtomicInteger runs = new AtomicInteger();
    volatile CountDownLatch block;
    volatile RuntimeException fail;
    final CountDownLatch started = new CountDownLatch(1);

    Fake(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<MetricSnapshot> collect(ScrapeContext context) throws Exception {
      runs.incrementAndGet();
      started.countDown();
      if (block != null) block.await();
      if (fail != null) throw fail;
      return List.of(Families.gauge("test_" + name, "test", runs.get()));
    }
  }

  static List<String> names(MetricSnapshots s) {
    return s.stream().map(m -> m.getMetadata().getName()).toList();
  }

  @Test
  void failingCollectorIsReportedAndLeftOutTheRestGoesOut() throws Exception {
    Fake ok = new Fake("ok");
    Fake bad = new Fake("bad");
    bad.fail = new IllegalStateException("boom");
    try (ScrapeEngine e = new ScrapeEngine(List.of(ok, bad), Duration.ZERO)) {
      ScrapeRound c = e.collect(Duration.ofSeconds(10));
      assertTrue(c.result("ok").orElseThrow().success());
      CollectorResult b = c.result("bad").orElseThrow();
      assertFalse(b.success());
      assertTrue(b.error().contains("boom"), b.error());
      MetricSnapshots out = c.snapshots(n -> true);
      assertTrue(names(out).contains("test_ok"));
      assertFalse(names(out).contains("test_bad"));
      assertEquals(List.of(0.0, 1.0), successValues(out));
    }
  }

  @Test
  void overrunningCollectorFailsOnTimeAndIsNotStartedAgainWhileBusy() throws Exception {
    Fake ok = new Fake("ok");
    Fake slow = new Fake("slow");
    slow.block = new CountDownLatch(1);
    // A first round on another engine loads the engine's classes, so that class loading on a busy
    // machine is not charged to the 500 ms budget below.
    try (ScrapeEngine warm = new ScrapeEngine(List.of(new Fake("warm")), Duration.ZERO)) {
      assertTrue(warm.collect(Duration.ofSeconds(30)).result("warm").orElseThrow().success());
    }
    try (ScrapeEngine e = new ScrapeEngine(List.of(ok, slow), Duration.ZERO)) {
      // Budgets well above what ok needs on a loaded machine: slow is blocked whatever the budget.
      ScrapeRound first = e.collect(Duration.ofSeconds(2));
      assertTrue(first.result("ok").orElseThrow().success());
      assertFalse(first.result("slow").orElseThrow().success());
      assertTrue(first.result("slow").orElseThrow().error().contains("time budget"));
      assertTrue(slow.started.await(10, TimeUnit.SECONDS));
      ScrapeRound second = e.collect(Duration.ofSeconds(2));
      assertEquals(1, slow.runs.get(), "a collector still running is not started a second time");
      assertTrue(second.result("slow").orElseThrow().error().contains("still running"));
      assertEquals(2, ok.runs.get());
      slow.block.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      ScrapeRound third;
      do {
        third = e.collect(Duration.ofSeconds(5));
      } while (!third.result("slow").orElseThrow().success() && System.nanoTime() < deadline);
      assertTrue(third.result("slow").orElseThrow().success(), "recovers once the earlier run returned");
    }
  }

  /** A collector whose run waits (at most 30 s) for the gate that was current when the run started. */
  static final class Gated extends Fake {
    volatile CountDownLatch gate = new CountDownLatch(1);

    Gated(String name) {
      super(name);
    }

    @Override
    public List<MetricSnapshot> collect(ScrapeContext context) throws Exception {
      runs.incrementAndGet();
      if (!gate.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("gate never opened");
      return List.of(Families.gauge("test_" + name, "test", runs.get()));
    }
  }

  @Test
  void tinyBudgetScrapesInterleavedWithNormalOnesNeverHandThemFailedCollectors() throws Exception {
    AtomicLong offset = new AtomicLong();
    Fake quick = new Fake("quick");
    Gated slow = new Gated("slow");
    try (ScrapeEngine e = new ScrapeEngine(List.of(quick, slow), Duration.ofMinutes(1), () -> System.nanoTime() + offset.get())) {
      for (int i = 0; i < 4; i++) {
        offset.addAndGet(Duration.ofMinutes(2).toNanos()); // the previous rounds are stale now
        slow.gate = new CountDownLatch(1);
        ScrapeRound poisoned = e.collect(Duration.ofNanos(1));
        assertEquals(ScrapeEngine.MIN_BUDGET.toNanos(), poisoned.budgetNanos(), "a tiny budget is raised to the floor");
        assertTrue(poisoned.result("quick").orElseThrow().success(), "the floor leaves time for a quick collector");
        assertFalse(poisoned.result("slow").orElseThrow().success());
        assertTrue(poisoned.shortOfBudget());
        slow.gate.countDown();
        ScrapeRound normal = e.collect(Duration.ofSeconds(9));
        assertNotSame(poisoned, normal, "a round short of its smaller budget is not served to a larger one");
        assertTrue(normal.results().stream().allMatch(CollectorResult::success), normal.results().toString());
        assertSame(normal, e.collect(Duration.ofNanos(1)), "a complete round serves any budget");
      }
    }
  }

  @Test
  void roundShortOfBudgetStillServesRequestsWithNoLargerBudget() throws Exception {
    Gated slow = new Gated("slow");
    try (ScrapeEngine e = new ScrapeEngine(List.of(slow), Duration.ofMinutes(1))) {
      ScrapeRound first = e.collect(Duration.ofMillis(600));
      assertFalse(first.result("slow").orElseThrow().success());
      assertSame(first, e.collect(Duration.ofMillis(600)));
      assertSame(first, e.collect(Duration.ofMillis(1)));
      slow.gate.countDown();
    }
  }

  @Test
  void budgetBelowTheFloorIsRaisedToIt() throws Exception {
    AtomicLong now = new AtomicLong(5_000_000_000L);
    AtomicLong deadline = new AtomicLong();
    Collector c = new Fake("c") {
      @Override
      public List<MetricSnapshot> collect(ScrapeContext context) {
        deadline.set(context.deadlineNanos());
        return List.of();
      }
    };
    try (ScrapeEngine e = new ScrapeEngine(List.of(c), Duration.ZERO, now::get)) {
      e.collect(Duration.ofNanos(1));
      assertEquals(now.get() + ScrapeEngine.MIN_BUDGET.toNanos(), deadline.get());
      now.addAndGet(1);
      e.collect(Duration.ofSeconds(3));
      assertEquals(now.get() + Duration.ofSeconds(3).toNanos(), deadline.get());
    }
    assertEquals(ScrapeEngine.MIN_BUDGET, ScrapeEngine.clamp(Duration.ZERO));
    assertEquals(ScrapeEngine.MIN_BUDGET, ScrapeEngine.clamp(Duration.ofNanos(-5)));
  }

  @Test
  void roundIsReusedWithinMaxStalenessAndRenewedAfter() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    Fake c = new Fake("c");
    try (ScrapeEngine e = new ScrapeEngine(List.of(c), Duration.ofSeconds(1), now::get)) {
      ScrapeRound a = e.collect(Duration.ofSeconds(5));
      now.addAndGet(999_000_000L);
      assertSame(a, e.collect(Duration.ofSeconds(5)));
      now.addAndGet(2_000_000L);
      ScrapeRound b = e.collect(Duration.ofSeconds(5));
      assertNotSame(a, b);
      assertEquals(2, c.runs.get());
    }
  }

  @Test
  void zeroStalenessCollectsEveryTime() throws Exception {
    Fake c = new Fake("c");
    try (ScrapeEngine e = new ScrapeEngine(List.of(c), Duration.ZERO)) {
      for (int i = 0; i < 5; i++) e.collect(Duration.ofSeconds(5));
      assertEquals(5, c.runs.get());
    }
  }

  @Test
  void concurrentScrapesShareTheRoundInFlight() throws Exception {
    Fake c = new Fake("c");
    c.block = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (ScrapeEngine e = new ScrapeEngine(List.of(c), Duration.ZERO)) {
      Future<ScrapeRound> first = pool.submit(() -> e.collect(Duration.ofSeconds(30)));
      assertTrue(c.started.await(10, TimeUnit.SECONDS));
      List<Future<ScrapeRound>> others = new java.util.ArrayList<>();
      for (int i = 0; i < 7; i++) others.add(pool.submit(() -> e.collect(Duration.ofSeconds(30))));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (e.waitingForInFlight() < 7 && System.nanoTime() < deadline) Thread.sleep(1);
      assertEquals(7, e.waitingForInFlight());
      c.block.countDown();
      ScrapeRound r = first.get(10, TimeUnit.SECONDS);
      for (Future<ScrapeRound> f : others) assertSame(r, f.get(10, TimeUnit.SECONDS));
      assertEquals(1, c.runs.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void duplicateFamilyFromASecondCollectorIsDroppedNotAFailedScrape() throws Exception {
    Collector a = new Fake("a") {
      @Override
      public List<MetricSnapshot> collect(ScrapeContext context) {
        return List.of(Families.gauge("same", "x", 1));
      }
    };
    Collector b = new Fake("b") {
      @Override
      public List<MetricSnapshot> collect(ScrapeContext context) {
        return List.of(Families.gauge("same", "x", 2));
      }
    };
    try (ScrapeEngine e = new ScrapeEngine(List.of(a, b), Duration.ZERO)) {
      MetricSnapshots out = e.collect(Duration.ofSeconds(5)).snapshots(n -> true);
      assertEquals(1, names(out).stream().filter("same"::equals).count());
    }
  }

  @Test
  void selectionKeepsOnlyChosenCollectorsAndTheirScrapeSeries() throws Exception {
    try (ScrapeEngine e = new ScrapeEngine(List.of(new Fake("a"), new Fake("b")), Duration.ZERO)) {
      MetricSnapshots out = e.collect(Duration.ofSeconds(5)).snapshots("b"::equals);
      assertTrue(names(out).contains("test_b"));
      assertFalse(names(out).contains("test_a"));
      MetricSnapshot success = out.stream().filter(m -> m.getMetadata().getName().equals(ScrapeRound.SUCCESS)).findFirst().orElseThrow();
      assertEquals(1, success.getDataPoints().size());
    }
  }

  static List<Double> successValues(MetricSnapshots s) {
    return s.stream().filter(m -> m.getMetadata().getName().equals(ScrapeRound.SUCCESS))
        .flatMap(m -> m.getDataPoints().stream())
        .map(p -> ((io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot) p).getValue())
        .sorted().toList();
  }
}

package io.hostkeeper.exporter.scrape;

import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.ScrapeContext;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the collectors for scrapes. Each collector runs on its own pooled thread under the scrape's
 * time budget; one that throws or overruns is reported failed and left out, and the rest goes out on
 * time. A collector still busy with an earlier, overrunning run is not started again (so a hung
 * collector costs one thread, not one per scrape). Concurrent scrapes share one in-flight round, and a
 * finished round is reused while it is at most {@code maxStaleness} old.
 */
public final class ScrapeEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScrapeEngine.class);

  /** The collectors and staleness in use; replaced as a whole by {@link #reconfigure}. */
  private record Setup(List<Slot> slots, long maxStalenessNanos) {}

  private volatile Setup setup;
  private final ExecutorService pool;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private volatile Collection latest;
  private CompletableFuture<Collection> inFlight;
  private final AtomicInteger waiting = new AtomicInteger();

  public ScrapeEngine(List<Collector> collectors, Duration maxStaleness) {
    this(collectors, maxStaleness, System::nanoTime);
  }

  ScrapeEngine(List<Collector> collectors, Duration maxStaleness, LongSupplier nanoTime) {
    Objects.requireNonNull(collectors, "collectors");
    this.nanoTime = nanoTime;
    this.setup = setup(collectors, maxStaleness);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "collector-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private Setup setup(List<Collector> collectors, Duration maxStaleness) {
    if (maxStaleness.isNegative()) throw new IllegalArgumentException("max_staleness must not be negative");
    List<Slot> s = new ArrayList<>();
    for (Collector c : collectors) s.add(new Slot(c));
    return new Setup(List.copyOf(s), maxStaleness.toNanos());
  }

  /**
   * Uses {@code collectors} and {@code maxStaleness} from the next round on (a configuration
   * reload). A round in flight finishes with the old collectors; the cached round is dropped, so no
   * scrape after this call is served from the old collectors. Returns the collectors replaced,
   * for the caller to close.
   */
  public List<Collector> reconfigure(List<Collector> collectors, Duration maxStaleness) {
    Objects.requireNonNull(collectors, "collectors");
    Setup next = setup(collectors, maxStaleness);
    Setup old;
    synchronized (lock) {
      old = setup;
      setup = next;
      latest = null;
    }
    List<Collector> replaced = new ArrayList<>();
    for (Slot s : old.slots()) replaced.add(s.collector);
    return replaced;
  }

  public List<String> collectorNames() {
    List<Slot> slots = setup.slots();
    List<String> names = new ArrayList<>(slots.size());
    for (Slot s : slots) names.add(s.collector.name());
    return names;
  }

  /**
   * A round no older than {@code maxStaleness}: the cached one, the one in flight, or a new one run
   * by this thread with {@code budget} for each collector.
   */
  public Collection collect(Duration budget) throws InterruptedException {
    long now = nanoTime.getAsLong();
    Collection c = latest;
    if (c != null && now - c.startedNanos() <= setup.maxStalenessNanos()) return c;
    CompletableFuture<Collection> mine;
    CompletableFuture<Collection> theirs;
    Setup current;
    synchronized (lock) {
      current = setup;
      c = latest;
      if (c != null && nanoTime.getAsLong() - c.startedNanos() <= current.maxStalenessNanos()) return c;
      theirs = inFlight;
      mine = theirs == null ? (inFlight = new CompletableFuture<>()) : null;
    }
    if (theirs != null) {
      waiting.incrementAndGet();
      try {
        return theirs.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("collection failed", e.getCause());
      } finally {
        waiting.decrementAndGet();
      }
    }
    Collection result = null;
    try {
      result = runRound(current.slots(), budget);
      synchronized (lock) {
        if (setup == current) latest = result; // a round of replaced collectors is not cached
      }
      return result;
    } finally {
      synchronized (lock) {
        inFlight = null;
      }
      if (result != null) mine.complete(result);
      else mine.completeExceptionally(new IllegalStateException("collection interrupted"));
    }
  }

  private Collection runRound(List<Slot> slots, Duration budget) throws InterruptedException {
    long start = nanoTime.getAsLong();
    long deadline = start + Math.max(0, budget.toNanos());
    ScrapeContext context = new ScrapeContext(deadline);
    @SuppressWarnings("unchecked")
    Future<List<MetricSnapshot>>[] futures = new Future[slots.size()];
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      if (slot.busy.compareAndSet(false, true)) futures[i] = pool.submit(() -> slot.run(context));
    }
    List<CollectorResult> results = new ArrayList<>(slots.size());
    for (int i = 0; i < slots.size(); i++) {
      results.add(await(slots.get(i), futures[i], deadline));
    }
    return new Collection(start, results);
  }

  private CollectorResult await(Slot slot, Future<List<MetricSnapshot>> future, long deadline)
      throws InterruptedException {
    String name = slot.collector.name();
    if (future == null) {
      return slot.fail(0, "still running since an earlier scrape");
    }
    try {
      List<MetricSnapshot> snapshots = future.get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
      slot.failures = 0;
      return CollectorResult.ok(name, slot.lastSeconds, snapshots);
    } catch (TimeoutException e) {
      return slot.fail(slot.elapsedSeconds(), "did not finish within its time budget");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return slot.fail(slot.lastSeconds, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
  }

  /** Scrapes currently waiting for the round in flight (for tests). */
  int waitingForInFlight() {
    return waiting.get();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** One collector and its run state. */
  private final class Slot {
    final Collector collector;
    final AtomicBoolean busy = new AtomicBoolean();
    volatile long startedNanos;
    volatile double lastSeconds;
    int failures;

    Slot(Collector collector) {
      this.collector = Objects.requireNonNull(collector);
    }

    List<MetricSnapshot> run(ScrapeContext context) throws Exception {
      startedNanos = nanoTime.getAsLong();
      try {
        List<MetricSnapshot> out = collector.collect(context);
        return out == null ? List.of() : out;
      } finally {
        lastSeconds = (nanoTime.getAsLong() - startedNanos) / 1e9;
        busy.set(false);
      }
    }

    double elapsedSeconds() {
      return (nanoTime.getAsLong() - startedNanos) / 1e9;
    }

    CollectorResult fail(double seconds, String why) {
      // Log the first failure of a streak at WARN and the rest at DEBUG, so a broken collector
      // does not flood the log at every scrape.
      if (failures++ == 0) log.warn("collector {} failed: {}", collector.name(), why);
      else log.debug("collector {} failed again: {}", collector.name(), why);
      return CollectorResult.failed(collector.name(), seconds, why);
    }
  }
}

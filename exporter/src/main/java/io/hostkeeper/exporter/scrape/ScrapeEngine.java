package io.hostkeeper.exporter.scrape;

import io.hostkeeper.common.concurrent.OneRunPerKey;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.ScrapeContext;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the collectors for scrapes. Each collector runs on its own pooled thread under the scrape's
 * time budget; one that throws or overruns is reported failed and left out, and the rest goes out on
 * time. A collector still busy with an earlier, overrunning run is not started again: the new round
 * waits for that run within its own budget and takes its result (so a hung collector costs one
 * thread, not one per scrape). Concurrent scrapes share one in-flight round, and a finished round is
 * reused while it is at most {@code maxStaleness} old.
 *
 * <p>A budget is never below {@link #MIN_BUDGET}, whatever a client asks for, and a round in which a
 * collector ran out of time is served only to requests whose budget is no larger than the one it had:
 * a client asking for a tiny budget cannot hand everyone else a round of failed collectors.
 */
public final class ScrapeEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScrapeEngine.class);
  /** The least time budget a round gets, whatever the request asked for. */
  public static final Duration MIN_BUDGET = Duration.ofMillis(500);

  private record PendingRound(long budgetNanos, CompletableFuture<ScrapeRound> result) {}

  /** The collectors and staleness in use; replaced as a whole by {@link #reconfigure}. */
  private record Setup(List<Slot> slots, long maxStalenessNanos) {}

  private volatile Setup setup;
  /** One run per collector at a time: a collector still running since an earlier round is joined, never started twice. */
  private final OneRunPerKey<Slot> runs;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private ScrapeRound latest;
  private PendingRound inFlight;
  private final AtomicInteger waiting = new AtomicInteger();

  public ScrapeEngine(List<Collector> collectors, Duration maxStaleness) {
    this(collectors, maxStaleness, System::nanoTime);
  }

  ScrapeEngine(List<Collector> collectors, Duration maxStaleness, LongSupplier nanoTime) {
    Objects.requireNonNull(collectors, "collectors");
    this.setup = setup(collectors, maxStaleness);
    this.nanoTime = nanoTime;
    this.runs = new OneRunPerKey<>("collector");
  }

  private Setup setup(List<Collector> collectors, Duration maxStaleness) {
    if (maxStaleness.isNegative()) throw new IllegalArgumentException("max_staleness must not be negative");
    List<Slot> s = new ArrayList<>();
    for (Collector c : collectors) s.add(new Slot(c));
    return new Setup(List.copyOf(s), maxStaleness.toNanos());
  }

  /**
   * Uses {@code collectors} and {@code maxStaleness} from the next round on (a configuration
   * reload). A round in flight finishes with the old collectors and is not cached; the cached round
   * is dropped, so no scrape after this call is served from the old collectors. Returns the
   * collectors replaced, for the caller to close.
   */
  public List<Collector> reconfigure(List<Collector> collectors, Duration maxStaleness) {
    Objects.requireNonNull(collectors, "collectors");
    Setup next = setup(collectors, maxStaleness);
    Setup old;
    synchronized (lock) {
      old = setup;
      setup = next;
      latest = null;
      inFlight = null; // a request arriving now starts a round of the new collectors
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

  /** {@code budget} raised to {@link #MIN_BUDGET}. */
  public static Duration clamp(Duration budget) {
    return budget.compareTo(MIN_BUDGET) < 0 ? MIN_BUDGET : budget;
  }

  /**
   * A round no older than {@code maxStaleness} that was collected under at least this budget (or
   * in which no collector ran out of time): the cached one, the one in flight, or a new one run by
   * this thread with {@code budget} (at least {@link #MIN_BUDGET}) for each collector.
   */
  public ScrapeRound collect(Duration budget) throws InterruptedException {
    long budgetNanos = clamp(budget).toNanos();
    PendingRound mine;
    PendingRound theirs;
    Setup current;
    synchronized (lock) {
      current = setup;
      if (serves(latest, budgetNanos)) return latest;
      theirs = inFlight;
      if (theirs != null && theirs.budgetNanos() >= budgetNanos) {
        mine = null;
      } else {
        // None in flight, or one with a smaller budget: run our own. Collectors it started are not
        // started twice; this round waits for them with its own, longer budget.
        mine = new PendingRound(budgetNanos, new CompletableFuture<>());
        inFlight = mine;
      }
    }
    if (mine == null) {
      waiting.incrementAndGet();
      try {
        return theirs.result().get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("collection failed", e.getCause());
      } finally {
        waiting.decrementAndGet();
      }
    }
    ScrapeRound result = null;
    try {
      result = runRound(current.slots(), budgetNanos);
      return result;
    } finally {
      synchronized (lock) {
        if (inFlight == mine) inFlight = null;
        // a round of replaced collectors is not cached
        if (result != null && setup == current && keeps(result)) latest = result;
      }
      if (result != null) mine.result().complete(result);
      else mine.result().completeExceptionally(new IllegalStateException("collection interrupted"));
    }
  }

  /**
   * Whether {@code result} should replace the cached round: anything replaces a stale one; a
   * complete round beats a fresh short one (and is not replaced by one); else the newer wins.
   */
  private boolean keeps(ScrapeRound result) {
    if (latest == null || nanoTime.getAsLong() - latest.startedNanos() > setup.maxStalenessNanos()) return true;
    if (result.shortOfBudget() != latest.shortOfBudget()) return !result.shortOfBudget();
    return result.startedNanos() - latest.startedNanos() >= 0;
  }

  /** Whether {@code c} may answer a request with {@code budgetNanos}: fresh enough, and not short of a budget it would have had. */
  private boolean serves(ScrapeRound c, long budgetNanos) {
    if (c == null || nanoTime.getAsLong() - c.startedNanos() > setup.maxStalenessNanos()) return false;
    return c.budgetNanos() >= budgetNanos || !c.shortOfBudget();
  }

  private ScrapeRound runRound(List<Slot> slots, long budgetNanos) throws InterruptedException {
    long start = nanoTime.getAsLong();
    long deadline = start + budgetNanos;
    ScrapeContext context = new ScrapeContext(deadline);
    @SuppressWarnings("unchecked")
    OneRunPerKey.Run<List<MetricSnapshot>>[] started = new OneRunPerKey.Run[slots.size()];
    for (int i = 0; i < slots.size(); i++) started[i] = slots.get(i).start(context);
    List<CollectorResult> results = new ArrayList<>(slots.size());
    boolean shortOfBudget = false;
    for (int i = 0; i < slots.size(); i++) {
      CollectorResult r = await(slots.get(i), started[i], deadline);
      if (r == null) {
        shortOfBudget = true;
        r = started[i].joined() ? slots.get(i).fail(slots.get(i).elapsedSeconds(), "still running since an earlier scrape")
            : slots.get(i).fail(slots.get(i).elapsedSeconds(), "did not finish within its time budget");
      }
      results.add(r);
    }
    return new ScrapeRound(start, budgetNanos, shortOfBudget, results);
  }

  /** The collector's result, or null when it did not finish by {@code deadline}. */
  private CollectorResult await(Slot slot, OneRunPerKey.Run<List<MetricSnapshot>> run, long deadline) throws InterruptedException {
    String name = slot.collector.name();
    try {
      List<MetricSnapshot> snapshots = run.result().get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
      slot.failures.set(0);
      return CollectorResult.ok(name, slot.lastSeconds, snapshots);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return slot.fail(slot.lastSeconds, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
  }

  /** Scrapes currently waiting for the round in flight (for tests). */
  int waitingForInFlight() {
    return waiting.get();
  }

  /** Stops the collector threads, and closes the collectors that hold resources of their own (the service checker). */
  @Override
  public void close() {
    runs.close();
    for (Slot s : setup.slots()) {
      if (s.collector instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          log.warn("closing collector {} failed: {}", s.collector.name(), e.toString());
        }
      }
    }
  }

  /** One collector and its run state. */
  private final class Slot {
    final Collector collector;
    final AtomicInteger failures = new AtomicInteger();
    volatile long startedNanos;
    volatile double lastSeconds;

    Slot(Collector collector) {
      this.collector = Objects.requireNonNull(collector);
    }

    /** The run still going since an earlier round (joined), or a new one; one run per slot at a time. */
    synchronized OneRunPerKey.Run<List<MetricSnapshot>> start(ScrapeContext context) {
      long t0 = nanoTime.getAsLong();
      OneRunPerKey.Run<List<MetricSnapshot>> run = runs.run(this, () -> {
        try {
          List<MetricSnapshot> out = collector.collect(context);
          return out == null ? List.of() : out;
        } finally {
          lastSeconds = (nanoTime.getAsLong() - t0) / 1e9;
        }
      });
      if (!run.joined()) startedNanos = t0;
      return run;
    }

    double elapsedSeconds() {
      return (nanoTime.getAsLong() - startedNanos) / 1e9;
    }

    CollectorResult fail(double seconds, String why) {
      // Log the first failure of a streak at WARN and the rest at DEBUG, so a broken collector
      // does not flood the log at every scrape.
      if (failures.getAndIncrement() == 0) log.warn("collector {} failed: {}", collector.name(), why);
      else log.debug("collector {} failed again: {}", collector.name(), why);
      return CollectorResult.failed(collector.name(), seconds, why);
    }
  }
}

package io.hostkeeper.exporter.scrape;

import io.hostkeeper.exporter.collector.Families;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The outcome of one collection round: every collector's result, in registry order. Immutable apart
 * from a small cache of encoded bodies, so scrapes that share this round (in flight or within
 * {@code max_staleness}) encode it once per format and selection.
 */
public final class ScrapeRound {
  static final String SUCCESS = "hostkeeper_scrape_collector_success";
  static final String DURATION = "hostkeeper_scrape_collector_duration_seconds";
  private static final int MAX_CACHED_BODIES = 32;

  private final long startedNanos;
  private final long budgetNanos;
  private final boolean shortOfBudget;
  private final List<CollectorResult> results;
  private final Map<String, byte[]> encoded = new ConcurrentHashMap<>();

  /** A round whose budget does not matter (no collector ran out of time). */
  public ScrapeRound(long startedNanos, List<CollectorResult> results) {
    this(startedNanos, Long.MAX_VALUE, false, results);
  }

  /**
   * @param budgetNanos the time budget the round's collectors had
   * @param shortOfBudget whether a collector failed because it ran out of that budget
   */
  public ScrapeRound(long startedNanos, long budgetNanos, boolean shortOfBudget, List<CollectorResult> results) {
    this.startedNanos = startedNanos;
    this.budgetNanos = budgetNanos;
    this.shortOfBudget = shortOfBudget;
    this.results = List.copyOf(results);
  }

  /** The time budget this round was collected under, in nanoseconds. */
  public long budgetNanos() {
    return budgetNanos;
  }

  /** Whether a collector of this round failed for lack of time (a larger budget might have seen it succeed). */
  public boolean shortOfBudget() {
    return shortOfBudget;
  }

  /** {@link System#nanoTime()} when this round started. */
  public long startedNanos() {
    return startedNanos;
  }

  public List<CollectorResult> results() {
    return results;
  }

  public Optional<CollectorResult> result(String collector) {
    for (CollectorResult r : results) if (r.name().equals(collector)) return Optional.of(r);
    return Optional.empty();
  }

  /** The family named {@code name} (as client_java names it: counters without {@code _total}), from any collector. */
  public Optional<MetricSnapshot> family(String name) {
    for (CollectorResult r : results) {
      for (MetricSnapshot s : r.snapshots()) if (s.getMetadata().getName().equals(name)) return Optional.of(s);
    }
    return Optional.empty();
  }

  /**
   * The families of the collectors {@code selected} accepts, plus the per-collector success and
   * duration series. A family name that a second collector also produces is left out of that
   * collector's output (the registry order wins) rather than failing the scrape.
   */
  public MetricSnapshots snapshots(Predicate<String> selected) {
    List<MetricSnapshot> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Families.Gauge success = new Families.Gauge(SUCCESS, "Whether a collector succeeded within its time budget (1) or failed (0).");
    Families.Gauge duration = new Families.Gauge(DURATION, "How long a collector ran in this scrape, in seconds.");
    for (CollectorResult r : results) {
      if (!selected.test(r.name())) continue;
      success.add(r.success() ? 1 : 0, "collector", r.name());
      duration.add(r.durationSeconds(), "collector", r.name());
      for (MetricSnapshot s : r.snapshots()) {
        String n = s.getMetadata().getPrometheusName();
        if (names.add(n)) out.add(s);
      }
    }
    if (names.add(SUCCESS)) success.addTo(out);
    if (names.add(DURATION)) duration.addTo(out);
    return new MetricSnapshots(out);
  }

  /** The encoded body for {@code key}, computed once per round (a small bounded cache). */
  public byte[] encodedBody(String key, Function<String, byte[]> encoder) {
    byte[] body = encoded.get(key);
    if (body != null) return body;
    if (encoded.size() >= MAX_CACHED_BODIES) return encoder.apply(key);
    return encoded.computeIfAbsent(key, encoder);
  }
}

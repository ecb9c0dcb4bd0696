package io.hostkeeper.exporter.status.history;

import io.hostkeeper.exporter.scrape.ScrapeRound;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the host into {@link History} once per interval, on its own daemon thread. It takes the
 * scrape engine's round (the one {@code /metrics} serves, shared or cached), never a second read of
 * /proc. A failed sample is logged at debug and leaves gaps; it never stops the sampling.
 */
public final class HistorySampler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HistorySampler.class);

  /** The round to sample; may block while one is in flight. */
  public interface RoundSource {
    ScrapeRound get() throws InterruptedException;
  }

  private final History history;
  private final HostSampler sampler = new HostSampler();
  private final RoundSource source;
  private final Clock clock;
  private ScheduledExecutorService timer;

  public HistorySampler(History history, RoundSource source, Clock clock) {
    this.history = Objects.requireNonNull(history);
    this.source = Objects.requireNonNull(source);
    this.clock = Objects.requireNonNull(clock);
  }

  public History history() {
    return history;
  }

  /** Takes one sample now (the timer's task; tests call it directly). */
  public void sampleOnce() {
    try {
      ScrapeRound c = source.get();
      history.record(clock.instant(), sampler.sample(c, clock.instant()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("history sample failed: {}", e.toString());
    }
  }

  public synchronized void start() {
    if (timer != null) return;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "history");
      t.setDaemon(true);
      return t;
    });
    Duration step = history.step();
    timer.scheduleAtFixedRate(this::sampleOnce, 0, step.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) timer.shutdownNow();
    timer = null;
  }
}

package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.config.SmartConfig;
import io.hostkeeper.exporter.collector.smart.SmartMetrics;
import io.hostkeeper.exporter.collector.smart.SmartReader;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * smart (optional): disk health from {@code smartctl --json}. smartctl never runs in a scrape: a
 * thread of its own reads every device when the collector first serves a scrape and then every
 * {@code smart.interval} (default 30 minutes), and scrapes serve the latest reading (nothing before
 * the first one is in). See {@link SmartReader} for how the devices are read.
 */
public final class SmartCollector implements Collector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SmartCollector.class);

  private final SmartConfig config;
  private final SmartReader reader;
  private final Clock clock;
  private volatile SmartReader.Reading latest;
  private ScheduledExecutorService timer;
  private boolean closed;

  public SmartCollector(SmartConfig config) {
    this(config, new SmartReader(config), Clock.systemUTC());
  }

  SmartCollector(SmartConfig config, SmartReader reader, Clock clock) {
    this.config = config;
    this.reader = reader;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "smart";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    start();
    SmartReader.Reading r = latest;
    if (r == null) return List.of();
    return SmartMetrics.snapshots(r.up(), r.finishedMillis() / 1000.0, r.devices());
  }

  /** Starts the background refresh (once); the first refresh runs at once. */
  synchronized void start() {
    if (timer != null || closed) return;
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hostkeeper-smart");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::refresh, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One refresh now, on the caller's thread (the timer calls it; tests too). */
  void refresh() {
    try {
      latest = reader.refresh(clock);
    } catch (RuntimeException e) {
      LOG.warn("smart: refresh failed: {}", e.toString());
    }
  }

  SmartReader.Reading latest() {
    return latest;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) timer.shutdownNow();
  }
}

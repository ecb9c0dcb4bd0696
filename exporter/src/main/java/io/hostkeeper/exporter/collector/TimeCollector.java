package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The host's clock, in seconds since the epoch (compare with Prometheus' own time to spot clock skew). */
public final class TimeCollector implements Collector {
  private final Clock clock;

  public TimeCollector(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "time";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    Instant now = clock.instant();
    double seconds = now.getEpochSecond() + now.getNano() / 1e9;
    return List.of(Families.gauge("hostkeeper_time_seconds", "The host's clock in seconds since the epoch.", seconds));
  }
}

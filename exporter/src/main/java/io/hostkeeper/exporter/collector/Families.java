package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Small builders for the snapshot families collectors return. Counter names are given without
 * {@code _total} and info names without {@code _info}: client_java appends the suffix on output.
 * Non-finite values are dropped (a value that cannot be read is absent, never 0).
 */
public final class Families {
  private Families() {}

  public static GaugeSnapshot gauge(String name, String help, double value) {
    return new Gauge(name, help).add(value).build();
  }

  public static CounterSnapshot counter(String name, String help, double value) {
    return new Counter(name, help).add(value).build();
  }

  public static InfoSnapshot info(String name, String help, String... labelNamesAndValues) {
    return InfoSnapshot.builder().name(name).help(help)
        .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of(labelNamesAndValues)).build())
        .build();
  }

  /** Adds {@code snapshot} to {@code out} unless it has no data points. */
  public static void addIfNotEmpty(List<MetricSnapshot> out, MetricSnapshot snapshot) {
    if (!snapshot.getDataPoints().isEmpty()) out.add(snapshot);
  }

  /** A gauge family being filled. */
  public static final class Gauge {
    private final GaugeSnapshot.Builder builder;
    private boolean empty = true;

    public Gauge(String name, String help) {
      builder = GaugeSnapshot.builder().name(name).help(help);
    }

    public Gauge add(double value, String... labelNamesAndValues) {
      if (Double.isFinite(value)) {
        builder.dataPoint(GaugeDataPointSnapshot.builder().value(value)
            .labels(labelNamesAndValues.length == 0 ? Labels.EMPTY : Labels.of(labelNamesAndValues)).build());
        empty = false;
      }
      return this;
    }

    public boolean isEmpty() {
      return empty;
    }

    public GaugeSnapshot build() {
      return builder.build();
    }

    public void addTo(List<MetricSnapshot> out) {
      if (!empty) out.add(builder.build());
    }
  }

  /** A counter family being filled. */
  public static final class Counter {
    private final CounterSnapshot.Builder builder;
    private boolean empty = true;

    public Counter(String name, String help) {
      builder = CounterSnapshot.builder().name(name).help(help);
    }

    public Counter add(double value, String... labelNamesAndValues) {
      if (Double.isFinite(value) && value >= 0) {
        builder.dataPoint(CounterDataPointSnapshot.builder().value(value)
            .labels(labelNamesAndValues.length == 0 ? Labels.EMPTY : Labels.of(labelNamesAndValues)).build());
        empty = false;
      }
      return this;
    }

    public CounterSnapshot build() {
      return builder.build();
    }

    public void addTo(List<MetricSnapshot> out) {
      if (!empty) out.add(builder.build());
    }
  }

  public static List<MetricSnapshot> list(MetricSnapshot... snapshots) {
    List<MetricSnapshot> out = new ArrayList<>(snapshots.length);
    for (MetricSnapshot s : snapshots) addIfNotEmpty(out, s);
    return out;
  }
}

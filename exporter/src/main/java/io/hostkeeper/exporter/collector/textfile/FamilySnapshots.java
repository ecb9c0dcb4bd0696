package io.hostkeeper.exporter.collector.textfile;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a parsed family into a client_java snapshot that prints back as it was written. Pure.
 * A counter is printed with {@code _total}, so a counter written without that suffix goes out
 * untyped under its own name (its name stays what the file's users query). A family the model
 * cannot carry is refused with a short reason.
 */
public final class FamilySnapshots {
  private FamilySnapshots() {}

  /** Why a family could not be exported; {@link #getMessage()} is a short reason for the label and the log. */
  public static final class Refused extends Exception {
    public Refused(String reason) {
      super(reason);
    }
  }

  public static MetricSnapshot toSnapshot(ParsedFamily f) throws Refused {
    String name = f.name();
    try {
      return switch (f.type()) {
        case "counter" -> name.endsWith("_total") && name.length() > 6 ? counter(f, name.substring(0, name.length() - 6)) : unknown(f);
        case "gauge" -> gauge(f);
        case "histogram" -> histogram(f);
        case "summary" -> summary(f);
        default -> unknown(f);
      };
    } catch (IllegalArgumentException e) {
      throw new Refused("not representable: " + e.getMessage());
    }
  }

  private static void requireName(String name) throws Refused {
    if (!PrometheusNaming.isValidMetricName(name)) {
      throw new Refused("the name " + name + " ends in a suffix reserved for other types (_total, _created, _bucket, _info)");
    }
  }

  private static Labels labels(Map<String, String> m, String... without) {
    Map<String, String> sorted = new TreeMap<>(m);
    for (String w : without) sorted.remove(w);
    if (sorted.isEmpty()) return Labels.EMPTY;
    return Labels.of(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
  }

  private static MetricSnapshot counter(ParsedFamily f, String base) throws Refused {
    requireName(base);
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(base).help(f.help());
    for (ParsedFamily.Sample s : f.samples()) {
      if (!s.name().equals(f.name())) throw new Refused("counter sample " + s.name() + " does not match the family");
      if (s.value() < 0) throw new Refused("negative counter value");
      b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(s.value()).labels(labels(s.labels())).build());
    }
    return b.build();
  }

  private static MetricSnapshot gauge(ParsedFamily f) throws Refused {
    requireName(f.name());
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name()).help(f.help());
    for (ParsedFamily.Sample s : f.samples()) {
      b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.value()).labels(labels(s.labels())).build());
    }
    return b.build();
  }

  private static MetricSnapshot unknown(ParsedFamily f) throws Refused {
    requireName(f.name());
    UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(f.name()).help(f.help());
    for (ParsedFamily.Sample s : f.samples()) {
      if (!s.name().equals(f.name())) throw new Refused("sample " + s.name() + " does not match the family");
      b.dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder().value(s.value()).labels(labels(s.labels())).build());
    }
    return b.build();
  }

  /** Samples of a histogram or summary grouped by their labels without le/quantile, in order of first appearance. */
  private static Map<Labels, List<ParsedFamily.Sample>> points(ParsedFamily f, String special) {
    Map<Labels, List<ParsedFamily.Sample>> out = new LinkedHashMap<>();
    for (ParsedFamily.Sample s : f.samples()) out.computeIfAbsent(labels(s.labels(), special), k -> new ArrayList<>()).add(s);
    return out;
  }

  private static MetricSnapshot histogram(ParsedFamily f) throws Refused {
    requireName(f.name());
    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(f.name()).help(f.help());
    for (Map.Entry<Labels, List<ParsedFamily.Sample>> p : points(f, "le").entrySet()) {
      TreeMap<Double, Double> cumulative = new TreeMap<>();
      Double sum = null;
      Double count = null;
      for (ParsedFamily.Sample s : p.getValue()) {
        if (s.name().endsWith("_bucket")) {
          double le;
          try {
            le = TextFormatParser.value(s.labels().get("le"), 0);
          } catch (TextFormatParser.ParseException e) {
            throw new Refused("invalid le \"" + s.labels().get("le") + "\"");
          }
          cumulative.put(le, s.value());
        } else if (s.name().endsWith("_sum")) {
          sum = s.value();
        } else {
          count = s.value();
        }
      }
      if (cumulative.isEmpty() || cumulative.lastKey() != Double.POSITIVE_INFINITY) throw new Refused("histogram without a +Inf bucket");
      if (count != null && !count.equals(cumulative.lastEntry().getValue())) throw new Refused("histogram _count differs from its +Inf bucket");
      double[] bounds = new double[cumulative.size()];
      long[] counts = new long[cumulative.size()];
      int i = 0;
      double previous = 0;
      for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
        double c = e.getValue();
        if (c < previous || c != Math.rint(c)) throw new Refused("histogram bucket counts must be whole and not decrease");
        bounds[i] = e.getKey();
        counts[i++] = (long) (c - previous);
        previous = c;
      }
      HistogramSnapshot.HistogramDataPointSnapshot.Builder point = HistogramSnapshot.HistogramDataPointSnapshot.builder()
          .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).labels(p.getKey());
      if (sum != null) point.sum(sum);
      b.dataPoint(point.build());
    }
    return b.build();
  }

  private static MetricSnapshot summary(ParsedFamily f) throws Refused {
    requireName(f.name());
    SummarySnapshot.Builder b = SummarySnapshot.builder().name(f.name()).help(f.help());
    for (Map.Entry<Labels, List<ParsedFamily.Sample>> p : points(f, "quantile").entrySet()) {
      List<Quantile> quantiles = new ArrayList<>();
      SummarySnapshot.SummaryDataPointSnapshot.Builder point = SummarySnapshot.SummaryDataPointSnapshot.builder().labels(p.getKey());
      for (ParsedFamily.Sample s : p.getValue()) {
        if (s.name().equals(f.name())) {
          double q;
          try {
            q = TextFormatParser.value(s.labels().get("quantile"), 0);
          } catch (TextFormatParser.ParseException e) {
            throw new Refused("invalid quantile \"" + s.labels().get("quantile") + "\"");
          }
          quantiles.add(new Quantile(q, s.value()));
        } else if (s.name().endsWith("_sum")) {
          point.sum(s.value());
        } else {
          if (s.value() < 0 || s.value() != Math.rint(s.value())) throw new Refused("summary _count must be a whole number");
          point.count((long) s.value());
        }
      }
      quantiles.sort((x, y) -> Double.compare(x.getQuantile(), y.getQuantile()));
      b.dataPoint(point.quantiles(Quantiles.of(quantiles)).build());
    }
    return b.build();
  }
}

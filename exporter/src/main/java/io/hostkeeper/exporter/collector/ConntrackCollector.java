package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Connection tracking entries against their limit, from {@code /proc/sys/net/netfilter/nf_conntrack_count}
 * and {@code nf_conntrack_max}. Nothing (and no error) when the nf_conntrack module is not loaded.
 */
public final class ConntrackCollector implements Collector {
  private final HostRoots roots;

  public ConntrackCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "conntrack";
  }

  /** A single number, or NaN when missing or not a number. */
  public static double parse(Optional<String> text) {
    if (text.isEmpty()) return Double.NaN;
    try {
      return Long.parseLong(text.get().trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  public static List<MetricSnapshot> snapshots(double entries, double limit) {
    List<MetricSnapshot> out = new ArrayList<>(2);
    new Families.Gauge("hostkeeper_conntrack_entries", "Connections in the kernel's connection tracking table.")
        .add(entries).addTo(out);
    new Families.Gauge("hostkeeper_conntrack_entries_limit",
        "Size limit of the connection tracking table (net.netfilter.nf_conntrack_max).").add(limit).addTo(out);
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    return snapshots(parse(ProcFiles.readOptional(roots.proc("sys/net/netfilter/nf_conntrack_count"))),
        parse(ProcFiles.readOptional(roots.proc("sys/net/netfilter/nf_conntrack_max"))));
  }
}

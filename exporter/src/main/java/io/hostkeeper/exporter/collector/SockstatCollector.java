package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Sockets in use per protocol from {@code /proc/net/sockstat} and {@code /proc/net/sockstat6}: in
 * use, orphaned, in TIME-WAIT, allocated, and the memory they hold in bytes. Labels {@code protocol}
 * (tcp, udp, udplite, raw, frag) and {@code family} (ipv4, ipv6). sockstat6 is absent without IPv6.
 */
public final class SockstatCollector implements Collector {
  private final HostRoots roots;
  private final LongSupplier pageSize;

  public SockstatCollector(HostRoots roots, LongSupplier pageSize) {
    this.roots = roots;
    this.pageSize = pageSize;
  }

  @Override
  public String name() {
    return "sockstat";
  }

  /** One "key value" pair of a protocol line, e.g. protocol tcp, family ipv4, key inuse. */
  public record Figure(String protocol, String family, String key, double value) {}

  /**
   * The figures of a sockstat file ({@code TCP: inuse 4 orphan 0 tw 4 alloc 17 mem 1}); the
   * {@code sockets: used N} line becomes protocol "" with key {@code used}. A trailing 6 in the
   * protocol name (TCP6) means family ipv6.
   */
  public static List<Figure> parse(String text, String defaultFamily) {
    List<Figure> out = new ArrayList<>();
    for (String line : Fields.lines(text)) {
      String[] f = Fields.split(line);
      if (f.length < 3 || !f[0].endsWith(":")) continue;
      String proto = f[0].substring(0, f[0].length() - 1).toLowerCase(Locale.ROOT);
      String family = defaultFamily;
      if (proto.endsWith("6")) {
        proto = proto.substring(0, proto.length() - 1);
        family = "ipv6";
      }
      if (proto.equals("sockets")) proto = "";
      for (int k = 1; k + 1 < f.length; k += 2) {
        try {
          out.add(new Figure(proto, family, f[k], Double.parseDouble(f[k + 1])));
        } catch (NumberFormatException e) {
          // absent
        }
      }
    }
    return out;
  }

  public static List<MetricSnapshot> snapshots(List<Figure> figures, long pageSize) {
    Families.Gauge used = new Families.Gauge("hostkeeper_sockets_used", "Sockets in use, all families and kinds (sockets: used).");
    Families.Gauge inUse = new Families.Gauge("hostkeeper_sockets_in_use", "Sockets in use (for frag: fragment reassembly queues).");
    Families.Gauge orphaned = new Families.Gauge("hostkeeper_sockets_orphaned", "TCP sockets no longer attached to a process.");
    Families.Gauge timeWait = new Families.Gauge("hostkeeper_sockets_time_wait", "TCP sockets in TIME-WAIT.");
    Families.Gauge allocated = new Families.Gauge("hostkeeper_sockets_allocated", "Sockets allocated, in any state.");
    Families.Gauge memory = new Families.Gauge("hostkeeper_sockets_memory_bytes", "Memory held by the sockets' buffers, in bytes.");
    for (Figure x : figures) {
      if (x.protocol().isEmpty()) {
        if (x.key().equals("used") && x.family().equals("ipv4")) used.add(x.value());
        continue;
      }
      String[] labels = {"protocol", x.protocol(), "family", x.family()};
      switch (x.key()) {
        case "inuse" -> inUse.add(x.value(), labels);
        case "orphan" -> orphaned.add(x.value(), labels);
        case "tw" -> timeWait.add(x.value(), labels);
        case "alloc" -> allocated.add(x.value(), labels);
        case "mem" -> memory.add(PageSize.bytes(x.value(), pageSize), labels); // in pages
        case "memory" -> memory.add(x.value(), labels); // in bytes (frag)
        default -> { }
      }
    }
    List<MetricSnapshot> out = new ArrayList<>(6);
    for (Families.Gauge g : List.of(used, inUse, orphaned, timeWait, allocated, memory)) g.addTo(out);
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    List<Figure> figures = new ArrayList<>(parse(ProcFiles.read(roots.proc("net/sockstat")), "ipv4"));
    Optional<String> v6 = ProcFiles.readOptional(roots.proc("net/sockstat6"));
    v6.ifPresent(text -> figures.addAll(parse(text, "ipv6")));
    return snapshots(figures, pageSize.getAsLong());
  }
}

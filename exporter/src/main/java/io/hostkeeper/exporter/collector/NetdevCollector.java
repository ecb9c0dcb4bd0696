package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Network device counters from {@code /proc/net/dev} and whether each device is up
 * ({@code operstate} in sysfs is {@code up}). The loopback device is left out by default, as
 * node_exporter does.
 */
public final class NetdevCollector implements Collector {
  public static final Pattern DEFAULT_EXCLUDE = Pattern.compile("^lo$");

  private final HostRoots roots;
  private final Pattern exclude;

  public NetdevCollector(HostRoots roots, Pattern exclude) {
    this.roots = roots;
    this.exclude = exclude;
  }

  @Override
  public String name() {
    return "netdev";
  }

  /**
   * One device's counters in /proc/net/dev column order: receive bytes, packets, errs, drop, then
   * transmit bytes, packets, errs, drop.
   */
  public record NetDev(String device, double rxBytes, double rxPackets, double rxErrors, double rxDrop,
      double txBytes, double txPackets, double txErrors, double txDrop) {}

  public static List<NetDev> parse(String netDev) {
    List<NetDev> out = new ArrayList<>();
    for (String line : netDev.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || line.contains("|")) continue;
      String dev = line.substring(0, colon).trim();
      String[] f = Fields.split(line.substring(colon + 1));
      if (f.length < 16) continue;
      out.add(new NetDev(dev, d(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[8]), d(f[9]), d(f[10]), d(f[11])));
    }
    return out;
  }

  private static double d(String s) {
    return Double.parseDouble(s);
  }

  /** {@code up} → 1, any other operstate (down, dormant, unknown, ...) → 0. */
  public static double parseOperstate(String operstate) {
    return operstate.trim().equals("up") ? 1 : 0;
  }

  public static List<MetricSnapshot> snapshots(List<NetDev> devs, List<Double> up) {
    Families.Counter rxB = new Families.Counter("hostkeeper_network_receive_bytes", "Bytes received.");
    Families.Counter txB = new Families.Counter("hostkeeper_network_transmit_bytes", "Bytes transmitted.");
    Families.Counter rxP = new Families.Counter("hostkeeper_network_receive_packets", "Packets received.");
    Families.Counter txP = new Families.Counter("hostkeeper_network_transmit_packets", "Packets transmitted.");
    Families.Counter rxE = new Families.Counter("hostkeeper_network_receive_errors", "Receive errors.");
    Families.Counter txE = new Families.Counter("hostkeeper_network_transmit_errors", "Transmit errors.");
    Families.Counter rxD = new Families.Counter("hostkeeper_network_receive_drop", "Received packets dropped.");
    Families.Counter txD = new Families.Counter("hostkeeper_network_transmit_drop", "Packets dropped on transmit.");
    Families.Gauge upG = new Families.Gauge("hostkeeper_network_up", "Whether the device's operational state is up (1) or not (0).");
    for (int i = 0; i < devs.size(); i++) {
      NetDev n = devs.get(i);
      String dev = n.device();
      rxB.add(n.rxBytes(), "device", dev);
      txB.add(n.txBytes(), "device", dev);
      rxP.add(n.rxPackets(), "device", dev);
      txP.add(n.txPackets(), "device", dev);
      rxE.add(n.rxErrors(), "device", dev);
      txE.add(n.txErrors(), "device", dev);
      rxD.add(n.rxDrop(), "device", dev);
      txD.add(n.txDrop(), "device", dev);
      Double u = i < up.size() ? up.get(i) : null;
      if (u != null) upG.add(u, "device", dev);
    }
    List<MetricSnapshot> out = new ArrayList<>(9);
    for (Families.Counter c : List.of(rxB, txB, rxP, txP, rxE, txE, rxD, txD)) c.addTo(out);
    upG.addTo(out);
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    List<NetDev> devs = parse(ProcFiles.read(roots.proc("net/dev")));
    if (exclude != null) devs.removeIf(n -> exclude.matcher(n.device()).matches());
    List<Double> up = new ArrayList<>(devs.size());
    for (NetDev n : devs) {
      Optional<String> state = ProcFiles.readOptional(roots.sys("class/net").resolve(n.device()).resolve("operstate"));
      up.add(state.map(NetdevCollector::parseOperstate).orElse(null));
    }
    return snapshots(devs, up);
  }
}

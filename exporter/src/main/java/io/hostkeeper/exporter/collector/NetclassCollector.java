package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Interface facts from {@code /sys/class/net/<device>/}: link speed, MTU, carrier, carrier changes,
 * and an info series with the hardware address, duplex, operational state and driver. An attribute
 * the kernel does not answer (the speed of a down or virtual link reads -1 or fails with EINVAL) is
 * absent. The loopback device is left out, as in the netdev collector.
 */
public final class NetclassCollector implements Collector {
  public static final Pattern DEFAULT_EXCLUDE = Pattern.compile("^lo$");

  private final HostRoots roots;
  private final Pattern exclude;

  public NetclassCollector(HostRoots roots, Pattern exclude) {
    this.roots = roots;
    this.exclude = exclude;
  }

  @Override
  public String name() {
    return "netclass";
  }

  /** One interface's facts; NaN or "" where the kernel gave no answer. */
  public record NetClass(String device, String address, String duplex, String operstate, String driver,
      double speedBytes, double mtuBytes, double carrier, double carrierChanges) {}

  /**
   * The facts of {@code device} from its attribute files ({@code attr} gives a file's trimmed
   * content, empty when missing or unreadable) and its driver's name.
   */
  public static NetClass parse(String device, Function<String, Optional<String>> attr, String driver) {
    double speedMbps = number(attr.apply("speed"));
    return new NetClass(device, attr.apply("address").orElse(""), attr.apply("duplex").orElse(""),
        attr.apply("operstate").orElse(""), driver,
        speedMbps >= 0 ? speedMbps * 1_000_000 / 8 : Double.NaN,
        number(attr.apply("mtu")), number(attr.apply("carrier")), number(attr.apply("carrier_changes")));
  }

  private static double number(Optional<String> text) {
    if (text.isEmpty()) return Double.NaN;
    try {
      return Long.parseLong(text.get());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  public static List<MetricSnapshot> snapshots(List<NetClass> devices) {
    Families.Gauge speed = new Families.Gauge("hostkeeper_network_speed_bytes",
        "Negotiated link speed in bytes per second (absent when the link reports none).");
    Families.Gauge mtu = new Families.Gauge("hostkeeper_network_mtu_bytes", "Maximum transmission unit in bytes.");
    Families.Gauge carrier = new Families.Gauge("hostkeeper_network_carrier",
        "Whether the device has a physical link (1) or not (0); absent while the device is administratively down.");
    Families.Counter changes = new Families.Counter("hostkeeper_network_carrier_changes",
        "Times the device's link went up or down.");
    InfoSnapshot.Builder info = InfoSnapshot.builder().name("hostkeeper_network")
        .help("Interface facts: hardware address, duplex, operational state and driver (empty when unknown).");
    for (NetClass n : devices) {
      speed.add(n.speedBytes(), "device", n.device());
      mtu.add(n.mtuBytes(), "device", n.device());
      carrier.add(n.carrier(), "device", n.device());
      changes.add(n.carrierChanges(), "device", n.device());
      info.dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("device", n.device(), "address", n.address(),
          "duplex", n.duplex(), "operstate", n.operstate(), "driver", n.driver())).build());
    }
    List<MetricSnapshot> out = new ArrayList<>(5);
    if (!devices.isEmpty()) out.add(info.build());
    speed.addTo(out);
    mtu.addTo(out);
    carrier.addTo(out);
    changes.addTo(out);
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    List<NetClass> devices = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(roots.sys("class/net"))) {
      for (Path p : entries) dirs.add(p);
    } catch (NoSuchFileException e) {
      return List.of(); // no network class in this sysfs: nothing to report
    }
    dirs.sort(null);
    for (Path dir : dirs) {
      String device = dir.getFileName().toString();
      if ((exclude != null && exclude.matcher(device).matches()) || !Files.isDirectory(dir)) continue;
      devices.add(parse(device, f -> ProcFiles.readOptional(dir.resolve(f)), driver(dir)));
    }
    return snapshots(devices);
  }

  /** The name of the driver bound to the device ({@code device/driver} links to it), or "" for a virtual one. */
  static String driver(Path dir) {
    try {
      Path target = Files.readSymbolicLink(dir.resolve("device/driver"));
      Path name = target.getFileName();
      return name == null ? "" : name.toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return "";
    }
  }
}

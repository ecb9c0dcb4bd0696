package io.hostkeeper.exporter.collector;

import static io.hostkeeper.exporter.collector.KernelCountersTest.CTX;
import static io.hostkeeper.exporter.collector.KernelCountersTest.SERVER;
import static io.hostkeeper.exporter.collector.KernelCountersTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.collector.NetclassCollector.NetClass;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetclassCollectorTest {

  static NetClass parse(Map<String, String> files) {
    return NetclassCollector.parse("eth0", f -> Optional.ofNullable(files.get(f)), "");
  }

  @ParameterizedTest(name = "speed {0} -> {1}")
  @CsvSource({"1000, 125000000", "100, 12500000", "10000, 1250000000", "-1, NaN", "'', NaN", "unknown, NaN"})
  void speedInBytesPerSecondAndAbsentWhenTheLinkReportsNone(String speed, double bytes) {
    assertEquals(bytes, parse(Map.of("speed", speed)).speedBytes());
  }

  @Test
  void attributesTheKernelRefusesAreAbsent() {
    // a down link: carrier and speed fail with EINVAL (readOptional gives empty), the rest answer
    NetClass n = parse(Map.of("mtu", "9000", "operstate", "down", "carrier_changes", "5", "address", "aa:bb:cc:dd:ee:ff"));
    assertEquals(9000.0, n.mtuBytes());
    assertTrue(Double.isNaN(n.carrier()) && Double.isNaN(n.speedBytes()));
    assertEquals("down", n.operstate());
    assertEquals("", n.duplex());
    List<MetricSnapshot> out = NetclassCollector.snapshots(List.of(n));
    assertEquals(null, value(out, "hostkeeper_network_carrier"));
    assertEquals(5.0, value(out, "hostkeeper_network_carrier_changes"));
  }

  @Test
  void fixtureInterfacesWithoutLoopbackAndWithoutBondSpeed() throws Exception {
    List<MetricSnapshot> out = new NetclassCollector(SERVER, NetclassCollector.DEFAULT_EXCLUDE).collect(CTX);
    InfoSnapshot info = (InfoSnapshot) out.stream().filter(s -> s.getMetadata().getName().equals("hostkeeper_network"))
        .findFirst().orElseThrow();
    assertEquals(List.of("bond0", "dmz", "int"), info.getDataPoints().stream().map(p -> p.getLabels().get("device")).toList());
    assertEquals(Labels.of("device", "int", "address", "01:01:01:01:01:01", "duplex", "full", "operstate", "up", "driver", ""),
        info.getDataPoints().get(2).getLabels());
    assertEquals(125000000.0, value(out, "hostkeeper_network_speed_bytes", "device", "dmz"));
    assertEquals(null, value(out, "hostkeeper_network_speed_bytes", "device", "bond0"));
    assertEquals(1500.0, value(out, "hostkeeper_network_mtu_bytes", "device", "int"));
    assertEquals(2.0, value(out, "hostkeeper_network_carrier_changes", "device", "int"));
  }

  @Test
  void driverIsTheNameOfTheDeviceDriverLink(@TempDir Path sys) throws Exception {
    Path eth = Files.createDirectories(sys.resolve("class/net/enp3s0/device"));
    Path driver = Files.createDirectories(sys.resolve("bus/pci/drivers/r8169"));
    Files.createSymbolicLink(eth.resolve("driver"), driver);
    Files.writeString(eth.getParent().resolve("operstate"), "up\n");
    Files.createDirectories(sys.resolve("class/net/veth0"));
    Files.writeString(sys.resolve("class/net/bonding_masters"), "bond0\n"); // a file, not a device
    List<MetricSnapshot> out = new NetclassCollector(new HostRoots(sys, sys, sys), NetclassCollector.DEFAULT_EXCLUDE).collect(CTX);
    InfoSnapshot info = (InfoSnapshot) out.get(0);
    assertEquals(List.of("r8169", ""), info.getDataPoints().stream().map(p -> p.getLabels().get("driver")).toList());
    assertEquals(List.of("enp3s0", "veth0"), info.getDataPoints().stream().map(p -> p.getLabels().get("device")).toList());
  }

  @Test
  void noNetworkClassMeansNothingAndNoError(@TempDir Path sys) throws Exception {
    assertEquals(List.of(), new NetclassCollector(new HostRoots(sys, sys, sys), NetclassCollector.DEFAULT_EXCLUDE).collect(CTX));
  }
}

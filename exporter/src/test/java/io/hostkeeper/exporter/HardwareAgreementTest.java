package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ByteSize;
import io.hostkeeper.common.config.TextfileConfig;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.exporter.collector.EdacCollector;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.collector.MdraidCollector;
import io.hostkeeper.exporter.collector.PowerSupplyCollector;
import io.hostkeeper.exporter.collector.ScrapeContext;
import io.hostkeeper.exporter.collector.TextfileCollector;
import io.hostkeeper.exporter.collector.TimexCollector;
import io.hostkeeper.exporter.collector.service.Exposition;
import io.hostkeeper.exporter.collector.timex.Adjtimex;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agreement with a real prometheus-node-exporter on the fixture host {@code hardware} (copied from the
 * shared captures): node_exporter runs with {@code --path.procfs}, {@code --path.sysfs} and
 * {@code --collector.textfile.directory} on the same trees hostkeeper's collectors read, and every
 * figure both have must be equal (after the unit conversion hostkeeper's base units need). timex reads
 * this machine's kernel clock, so only its stable figures are compared.
 */
class HardwareAgreementTest {
  static final Path FIXTURE = Path.of("src/test/fixtures/hardware").toAbsolutePath();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir
  static Path textfiles;
  static Process node;
  static TextMetrics nodeMetrics;
  static TextMetrics mine;

  @BeforeAll
  static void scrapeBoth() throws Exception {
    Path binary = RealStack.require("prometheus-node-exporter", "prometheus-node-exporter", "node_exporter");
    try (var files = Files.list(FIXTURE.resolve("textfile/good"))) {
      for (Path f : files.toList()) Files.copy(f, textfiles.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    node = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port, "--collector.disable-defaults",
        "--collector.mdadm", "--collector.edac", "--collector.nvme", "--collector.powersupplyclass", "--collector.textfile", "--collector.timex",
        "--collector.textfile.directory=" + textfiles, "--path.procfs=" + FIXTURE.resolve("proc"),
        "--path.sysfs=" + FIXTURE.resolve("sys"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String body = null;
    while (body == null) {
      try {
        body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException e) {
        if (!node.isAlive()) throw new AssertionError("prometheus-node-exporter exited with " + node.exitValue());
        if (System.nanoTime() > deadline) throw new AssertionError("prometheus-node-exporter did not start");
        Thread.sleep(50);
      }
    }
    nodeMetrics = TextMetrics.parse(body);
    HostRoots roots = new HostRoots(FIXTURE.resolve("proc"), FIXTURE.resolve("sys"), FIXTURE);
    ScrapeContext ctx = new ScrapeContext(System.nanoTime() + Duration.ofSeconds(30).toNanos());
    List<MetricSnapshot> all = new ArrayList<>();
    all.addAll(new MdraidCollector(roots).collect(ctx));
    all.addAll(new EdacCollector(roots).collect(ctx));
    all.addAll(new PowerSupplyCollector(roots).collect(ctx));
    all.addAll(new io.hostkeeper.exporter.collector.NvmeCollector(roots).collect(ctx));
    all.addAll(new TextfileCollector(new TextfileConfig(textfiles, new ByteSize(1 << 20), 10_000)).collect(ctx));
    if (Adjtimex.available()) all.addAll(new TimexCollector(Adjtimex::read).collect(ctx));
    mine = TextMetrics.parse(Exposition.text(all));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.destroy();
      if (!node.waitFor(10, TimeUnit.SECONDS)) node.destroyForcibly();
    }
  }

  /** Every series of node's family equals hostkeeper's (labels renamed by {@code rename}), value times {@code scale}. */
  static void same(String nodeName, String hkName, double scale, Map<String, String> rename) {
    Map<Map<String, String>, Double> theirs = nodeMetrics.series(nodeName);
    assertFalse(theirs.isEmpty(), "node_exporter has no " + nodeName);
    Map<Map<String, String>, Double> expected = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
    theirs.forEach((labels, v) -> {
      Map<String, String> l = new TreeMap<>();
      labels.forEach((k, val) -> l.put(rename.getOrDefault(k, k), numeric(k, val)));
      expected.put(l, v * scale);
    });
    Map<Map<String, String>, Double> actual = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
    mine.series(hkName).forEach((labels, v) -> {
      Map<String, String> l = new TreeMap<>();
      labels.forEach((k, val) -> l.put(k, numeric(k, val)));
      actual.put(l, v);
    });
    assertEquals(expected.keySet(), actual.keySet(), hkName + " series");
    expected.forEach((l, v) -> assertEquals(v, actual.get(l), Math.abs(v) * 1e-12, hkName + l));
  }

  /** le and quantile are numbers: "10" and "10.0" are the same bucket. */
  static String numeric(String label, String value) {
    if (!label.equals("le") && !label.equals("quantile")) return value;
    return value.equals("+Inf") ? value : String.valueOf(Double.parseDouble(value));
  }

  static void same(String nodeName, String hkName) {
    same(nodeName, hkName, 1, Map.of());
  }

  @Test
  void mdadmFromMdstat() {
    same("node_md_disks", "hostkeeper_md_disks");
    same("node_md_disks_required", "hostkeeper_md_disks_required");
    same("node_md_blocks", "hostkeeper_md_size_bytes", 1024, Map.of());
    same("node_md_blocks_synced", "hostkeeper_md_synced_bytes", 1024, Map.of());
    Map<Map<String, String>, Double> states = mine.series("hostkeeper_md_state");
    nodeMetrics.series("node_md_state").forEach((labels, v) -> assertEquals(v, states.get(labels), "md_state " + labels));
  }

  @Test
  void edac() {
    same("node_edac_correctable_errors_total", "hostkeeper_edac_correctable_errors_total");
    same("node_edac_uncorrectable_errors_total", "hostkeeper_edac_uncorrectable_errors_total");
    same("node_edac_csrow_correctable_errors_total", "hostkeeper_edac_csrow_correctable_errors_total");
    same("node_edac_csrow_uncorrectable_errors_total", "hostkeeper_edac_csrow_uncorrectable_errors_total");
  }

  @Test
  void powerSupplyInBaseUnits() {
    same("node_power_supply_online", "hostkeeper_power_supply_online");
    same("node_power_supply_present", "hostkeeper_power_supply_present");
    same("node_power_supply_capacity", "hostkeeper_power_supply_capacity_ratio", 0.01, Map.of());
    same("node_power_supply_cyclecount", "hostkeeper_power_supply_cycles");
    same("node_power_supply_energy_watthour", "hostkeeper_power_supply_energy_joules", 3600, Map.of());
    same("node_power_supply_energy_full", "hostkeeper_power_supply_energy_full_joules", 3600, Map.of());
    same("node_power_supply_energy_full_design", "hostkeeper_power_supply_energy_full_design_joules", 3600, Map.of());
    same("node_power_supply_power_watt", "hostkeeper_power_supply_power_watts");
    same("node_power_supply_voltage_volt", "hostkeeper_power_supply_voltage_volts");
    same("node_power_supply_voltage_min_design", "hostkeeper_power_supply_voltage_min_design_volts");
  }

  @Test
  void nvmeInfo() {
    same("node_nvme_info", "hostkeeper_nvme_info");
  }

  @Test
  void textfileFamiliesAndMtimes() {
    for (String family : List.of("app_rows", "app_exports_total", "app_last_export_ok", "backup_duration_seconds_bucket",
        "backup_duration_seconds_sum", "backup_duration_seconds_count", "backup_size_bytes", "backup_size_bytes_sum",
        "backup_size_bytes_count")) {
      same(family, family);
    }
    same("node_textfile_mtime_seconds", "hostkeeper_textfile_mtime_seconds");
    same("node_textfile_scrape_error", "hostkeeper_textfile_scrape_error");
  }

  @Test
  void timexStableFigures() {
    assertTrue(Adjtimex.available(), "Linux");
    for (String f : List.of("sync_status", "status", "tick_seconds", "tai_offset_seconds", "loop_time_constant")) {
      same("node_timex_" + f, "hostkeeper_timex_" + f);
    }
  }
}

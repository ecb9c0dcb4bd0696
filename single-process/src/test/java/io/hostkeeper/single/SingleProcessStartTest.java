package io.hostkeeper.single;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.cli.Cli;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.worker.StartRefusals;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up of the single process: both halves' checks, one line on failure, nothing left bound. */
class SingleProcessStartTest {
  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aWorkerThatCannotStartStopsTheExporterAgain() throws Exception {
    int exporterPort = freePort();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path cfg = Files.writeString(dir.resolve("hk.yml"), "exporter: {listen: 127.0.0.1:" + exporterPort + "}\n"
          + "worker: {data_dir: " + dir.resolve("data") + ", metrics_listen: 127.0.0.1:0, admin: {listen: 127.0.0.1:"
          + busy.getLocalPort() + "}}\n");
      StartupFailure f = assertThrows(StartupFailure.class, () -> SingleProcess.start(
          SingleProcess.Setup.standard(Optional.of(cfg), new ExporterOptions(), Duration.ofSeconds(1)),
          ConfigLoader.load(Optional.of(cfg)), StartRefusals.none()));
      assertTrue(f.getMessage().startsWith("worker admin API cannot listen on 127.0.0.1:" + busy.getLocalPort()), f.getMessage());
    }
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), exporterPort)); // the exporter let go of its port
    }
  }

  @Test
  void checkConfigListsTheProblemsOfBothHalves() throws Exception {
    Path cfg = Files.writeString(dir.resolve("hk.yml"), "exporter: {collectors: {enable: [cpu, nosuch]}}\n"
        + "worker: {data_dir: " + dir.resolve("data") + ", admin: {listen: 0.0.0.0:29102}}\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(Main.PROGRAM, Main.commandLine(), new PrintWriter(out), new PrintWriter(err),
        "check-config", "--config", cfg.toString());
    assertEquals(1, code, err.toString());
    assertTrue(err.toString().contains("unknown collector \"nosuch\""), err.toString());
    assertTrue(err.toString().contains("not a loopback address and no admin token is configured"), err.toString());
    assertTrue(err.toString().contains("invalid (2 errors)"), err.toString());
  }

  @Test
  void runningBothHalvesBuildsOnlyTheRunCommandAnythingElseAllOfThem() {
    for (String[] run : java.util.List.of(new String[0], new String[] {"--config", "x.yml"},
        new String[] {"run", "--stop-timeout", "5"}, new String[] {"--web.listen-address", ":9100", "run"})) {
      assertEquals(java.util.Set.of("run"), Main.commandLine(run).getSubcommands().keySet(), String.join(" ", run));
    }
    for (String[] other : java.util.List.of(new String[] {"--help"}, new String[] {"-V"}, new String[] {"run", "--help"},
        new String[] {"jobs", "list"}, new String[] {"check-config"}, new String[] {"bakup"},
        new String[] {"run", "--stop-timeout", "soon"})) {
      assertEquals(Main.commandLine().getSubcommands().keySet(), Main.commandLine(other).getSubcommands().keySet(),
          String.join(" ", other));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Cli.execute(Main.PROGRAM, Main.commandLine("--help"), new PrintWriter(out), new PrintWriter(err), "--help"));
    assertTrue(out.toString().contains("check-config") && out.toString().contains("jobs"), out.toString());
  }

  @Test
  void checkConfigSaysValidForBoth() throws Exception {
    Path cfg = Files.writeString(dir.resolve("hk.yml"), "worker: {data_dir: " + dir.resolve("data") + "}\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(Main.PROGRAM, Main.commandLine(), new PrintWriter(out), new PrintWriter(err),
        "check-config", "--config", cfg.toString());
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains(": valid for the exporter and the worker"), out.toString());
  }

  /**
   * The two registries stay apart in one JVM: no family is served on both ports (the JVM and
   * process families only on the worker's, the build info only on the exporter's).
   */
  @Test
  void noMetricFamilyIsServedOnBothPorts() throws Exception {
    Path cfg = Files.writeString(dir.resolve("hk.yml"), "exporter: {listen: 127.0.0.1:0, collectors: {disable: [kmsg]}}\n"
        + "worker: {data_dir: " + dir.resolve("data") + ", metrics_listen: 127.0.0.1:0, admin: {listen: 127.0.0.1:0}}\n");
    try (SingleProcess both = SingleProcess.start(
        SingleProcess.Setup.standard(Optional.of(cfg), new ExporterOptions(), Duration.ofSeconds(1)),
        ConfigLoader.load(Optional.of(cfg)), StartRefusals.none())) {
      java.util.Set<String> exporter = families(both.exporterPort());
      java.util.Set<String> worker = families(both.worker().metricsPort());
      assertTrue(exporter.contains("hostkeeper_exporter_build_info"), exporter.toString());
      assertTrue(worker.contains("process_resident_memory_bytes") && worker.contains("jvm_memory_used_bytes"), worker.toString());
      java.util.Set<String> onBoth = new java.util.TreeSet<>(exporter);
      onBoth.retainAll(worker);
      assertEquals(java.util.Set.of(), onBoth, "families on both ports");
    }
  }

  private static java.util.Set<String> families(int port) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("# TYPE ")) names.add(line.split(" ")[2]);
    }
    return names;
  }
}

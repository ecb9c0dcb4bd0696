package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.testing.ChildJvm;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.exporter.collector.HostRoots;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration reload: the new file in effect without a restart, a broken one keeps the old. */
class ExporterReloadTest {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  static String config(String collectors, String more) {
    HostRoots r = TestConfigs.fixture("server");
    return "exporter:\n  listen: 127.0.0.1:0\n  paths: {procfs: " + r.procfs() + ", sysfs: " + r.sysfs() + ", rootfs: " + r.rootfs() + "}\n"
        + "  collectors: {enable: [" + collectors + "]}\n" + more;
  }

  static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void reloadSwapsCollectorsServicesAndThresholdsAndKeepsTheServerAndABrokenFileKeepsTheOld() throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), config("loadavg", ""));
    ExporterOptions options = new ExporterOptions();
    LoadedConfig loaded = ConfigLoader.load(Optional.of(file));
    ExporterConfig cfg = options.apply(loaded.config().exporter());
    ExporterStartup.Extensions ext = ExporterStartup.extensions(loaded.config(), cfg);
    ExporterStartup.Wiring w = ExporterStartup.wire(cfg, ExporterStartup.registry(cfg, ext));
    ext.statusContributors().forEach(w.status()::register);
    w.app().start(); // on the connector made for the configured listen address, 127.0.0.1:0
    try {
      String base = "http://127.0.0.1:" + w.app().port();
      assertTrue(get(base + "/metrics").contains("hostkeeper_load1 "));
      ExporterReload reload = new ExporterReload(Optional.of(file), options, loaded, cfg, w);

      Files.writeString(file, config("meminfo, services", """
            max_staleness: 0s
            thresholds: {memory: {warning: 1, critical: 2}}
            service_checks: {interval: 1s}
          services:
            - name: nothing-listens
              check: {tcp: {address: "127.0.0.1:%d", timeout: 1s}}
          """.formatted(closedPort())).replace("  listen: 127.0.0.1:0", "  listen: 127.0.0.1:1"));
      assertTrue(reload.reload());
      assertEquals(java.time.Duration.ofSeconds(1), reload.running().serviceChecks().interval(),
          "service_checks is reloaded with the collectors");
      // service checks run on their own schedule: the first result appears within a few intervals
      String metrics = get(base + "/metrics");
      for (long end = System.nanoTime() + 20_000_000_000L; !metrics.contains("service=\"nothing-listens\"} 0")
          && System.nanoTime() < end; metrics = get(base + "/metrics")) {
        Thread.sleep(100);
      }
      assertFalse(metrics.contains("hostkeeper_load1 "), "loadavg is no longer enabled");
      assertTrue(metrics.contains("hostkeeper_memory_total_bytes "), metrics);
      assertTrue(metrics.contains("hostkeeper_service_up{check=\"tcp\",service=\"nothing-listens\"} 0"), metrics);
      String status = get(base + "/api/status");
      assertTrue(status.contains("nothing-listens"), status);
      assertTrue(status.contains("\"critical\""), "memory above the new 2% critical threshold: " + status);
      assertEquals("127.0.0.1:0", w.config().listen().toString(), "the listen address needs a restart");

      Files.writeString(file, "exporter:\n  max_staleness: soon\n");
      assertFalse(reload.reload());
      metrics = get(base + "/metrics");
      assertTrue(metrics.contains("hostkeeper_memory_total_bytes "), "the running configuration is kept");
      assertEquals(1, reload.current().config().services().size());
    } finally {
      w.app().stop();
      w.engine().close();
      w.history().close();
    }
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The real process: SIGHUP reloads (it used to end the JVM), a broken file is logged and the old kept. */
  @Test
  void sighupReloadsTheRunningExporter() throws Exception {
    int port = closedPort();
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), config("loadavg", "").replace("127.0.0.1:0", "127.0.0.1:" + port));
    try (ChildJvm p = ChildJvm.start(Main.class, "run", "--config", file.toString())) {
      p.await("SIGHUP (systemctl reload) reloads the configuration");
      String base = "http://127.0.0.1:" + port;
      assertTrue(get(base + "/metrics").contains("hostkeeper_load1 "));

      Files.writeString(file, config("meminfo", "").replace("127.0.0.1:0", "127.0.0.1:" + port));
      p.hangup();
      p.await("is in effect");
      assertTrue(p.isAlive(), "SIGHUP must not end the exporter");
      String metrics = get(base + "/metrics");
      assertTrue(metrics.contains("hostkeeper_memory_total_bytes ") && !metrics.contains("hostkeeper_load1 "), metrics);

      Files.writeString(file, "exporter:\n  max_stalenes: 1s\n");
      p.hangup();
      p.await("has 1 problem; the running configuration is kept");
      p.await("exporter.max_stalenes: line 2: unknown key");
      assertTrue(p.isAlive());
      assertTrue(get(base + "/metrics").contains("hostkeeper_memory_total_bytes "));
    }
  }
}

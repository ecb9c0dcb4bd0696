package io.hostkeeper.stack;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulated machines of {@link FleetTest} on this one: two tmpfs disks (a roomy one every
 * healthy host's "/" is on, a full one), the service healthy hosts check, the exporter and worker
 * processes (small JVMs sharing a class-data archive), and a clock that advances every host's CPU
 * counters each second. Closing it stops exactly what it started and unmounts its disks.
 */
final class FleetMachines implements AutoCloseable {
  /** Small JVMs: the fleet's exporters share two cores and a few GiB (figures in docs/benchmarks.md). */
  static final List<String> EXPORTER_JVM = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx32m", "-Xss256k",
      "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m",
      "-XX:-UsePerfData");
  private static final List<String> WORKER_JVM = List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1",
      "-XX:-UsePerfData");
  private static final Duration READY = Duration.ofSeconds(120);

  private final Path dir;
  private final List<Path> mounts = new ArrayList<>();
  private final Map<String, ChildProcess> exporters = new LinkedHashMap<>();
  private final Map<String, ChildProcess> workers = new LinkedHashMap<>();
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private ServerSocket service;
  Path roomy;
  Path full;
  int closedPort;

  FleetMachines(Path dir) {
    this.dir = dir;
  }

  /** Mounts the disks (fills the full one to its last block) and opens the service. */
  void prepare() throws IOException {
    roomy = tmpfs("roomy", "16m");
    full = tmpfs("full", "256k");
    Files.write(full.resolve("filler"), new byte[256 * 1024 - 4096]);
    for (int i = 0; Files.getFileStore(full).getUsableSpace() > 0 && i < 64; i++) {
      Files.write(full.resolve("filler-" + i), new byte[4096]);
    }
    service = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!service.isClosed()) {
        try {
          service.accept().close();
        } catch (IOException e) {
          // closed at the end of the test
        }
      }
    }, "fleet-service");
    acceptor.setDaemon(true);
    acceptor.start();
    closedPort = Poll.freePort();
  }

  int servicePort() {
    return service.getLocalPort();
  }

  /** A tmpfs of {@code size} at a new folder; mounting needs root with CAP_SYS_ADMIN. */
  private Path tmpfs(String name, String size) throws IOException {
    Path at = Files.createDirectory(dir.resolve(name));
    Run.Result r = Run.run(dir, List.of(RealStack.require("mount", "mount").toString(), "-t", "tmpfs", "-o",
        "size=" + size + ",mode=0755", "hk-fleet-" + name, at.toString()));
    if (!r.ok()) {
      String reason = "mounting a tmpfs (the fleet's disks) needs root with CAP_SYS_ADMIN: " + r.output().strip();
      if (RealStack.required()) throw new AssertionError(reason);
      org.junit.jupiter.api.Assumptions.abort(reason);
    }
    mounts.add(at);
    return at;
  }

  /** Writes every host's tree, starts all exporters at once and waits for each; returns how long that took. */
  Duration startExporters(List<FleetHost> hosts) throws IOException {
    Map<String, Path> configs = new LinkedHashMap<>();
    for (FleetHost h : hosts) {
      configs.put(h.name, h.write(h.fault == FleetHost.Fault.FULL_DISK ? full : roomy,
          h.fault == FleetHost.Fault.SERVICE_DOWN ? closedPort : servicePort()));
    }
    FleetHost first = hosts.get(0);
    List<String> jvm = new ArrayList<>(EXPORTER_JVM);
    jvm.addAll(classDataArchive(first, configs.get(first.name)));
    Instant spawn = Instant.now();
    // A few at a time (twice the cores): fifty JVMs started at once on two busy cores all crawl,
    // and none is ready before the deadline; in waves each gets the CPU to finish starting.
    int wave = 2 * Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < hosts.size(); i += wave) {
      List<FleetHost> batch = hosts.subList(i, Math.min(hosts.size(), i + wave));
      for (FleetHost h : batch) {
        List<String> argv = new ArrayList<>(HostkeeperProcess.command(HostkeeperProcess.App.EXPORTER, jvm));
        argv.addAll(List.of("--config", configs.get(h.name).toString()));
        exporters.put(h.name, ChildProcess.start("exporter " + h.name, argv, h.dir, h.dir.resolve("exporter.log"),
            Map.of("MALLOC_ARENA_MAX", "2")));
      }
      for (FleetHost h : batch) awaitMetrics(exporters.get(h.name), h.port);
    }
    clock.scheduleAtFixedRate(() -> {
      for (FleetHost h : hosts) {
        try {
          h.tick();
        } catch (IOException e) {
          // the next tick writes it again
        }
      }
    }, 1, 1, TimeUnit.SECONDS);
    return Duration.between(spawn, Instant.now());
  }

  /**
   * The JVM options that let every exporter map the classes one exporter loaded (a dynamic class
   * data archive: about 40 % less CPU to start each, measured here), or none when the archive
   * could not be written.
   */
  private List<String> classDataArchive(FleetHost h, Path config) throws IOException {
    Path archive = dir.resolve("exporter.jsa");
    List<String> argv = new ArrayList<>(HostkeeperProcess.command(HostkeeperProcess.App.EXPORTER, EXPORTER_JVM));
    argv.add(1, "-XX:ArchiveClassesAtExit=" + archive);
    argv.addAll(List.of("--config", config.toString()));
    try (ChildProcess p = ChildProcess.start("exporter (class data)", argv, h.dir, h.dir.resolve("archive.log"))) {
      awaitMetrics(p, h.port);
    }
    return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
  }

  /** Starts a worker on {@code h} that watches the host's service; returns its metrics port once it answers. */
  int startWorker(FleetHost h) throws IOException {
    int metricsPort = Poll.freePort();
    Path token = Files.writeString(h.dir.resolve("admin.token"), "fleet-test-admin-token-0123456789abcdef\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Path data = Files.createDirectories(h.dir.resolve("worker-data"));
    Path cfg = Files.writeString(h.dir.resolve("worker.yml"), """
        worker:
          data_dir: %s
          metrics_listen: 127.0.0.1:%d
          admin: {listen: "127.0.0.1:%d", token_file: %s}
        services:
          - name: app
            check: {tcp: {address: "127.0.0.1:%d", timeout: 1s}}
            restart: {command: ["/bin/true"], after_failures: 2, interval: 1s, grace: 1s}
        """.formatted(data, metricsPort, Poll.freePort(), token, servicePort()));
    List<String> argv = new ArrayList<>(HostkeeperProcess.command(HostkeeperProcess.App.WORKER, WORKER_JVM));
    argv.addAll(List.of("--config", cfg.toString()));
    ChildProcess p = ChildProcess.start("worker " + h.name, argv, h.dir, h.dir.resolve("worker.log"));
    workers.put(h.name, p);
    awaitMetrics(p, metricsPort);
    return metricsPort;
  }

  private static void awaitMetrics(ChildProcess p, int port) {
    Poll.until(READY, p + " ready on " + port, () -> {
      if (!p.alive()) throw new AssertionError(p + " exited\n" + p.tail());
      return Json.get("http://127.0.0.1:" + port + "/metrics").statusCode() == 200 ? Optional.of(true) : Optional.empty();
    }, p::tail);
  }

  void stopExporter(String host) {
    exporters.remove(host).close();
  }

  void stopWorker(String host) {
    workers.remove(host).close();
  }

  /** Resident memory of all running exporters, KiB. */
  long exportersRssKib() {
    return exporters.values().stream().mapToLong(p -> ProcStatus.rssKib(p.pid())).sum();
  }

  @Override
  public void close() {
    clock.shutdownNow();
    List<ChildProcess> all = new ArrayList<>(exporters.values());
    all.addAll(workers.values());
    all.parallelStream().forEach(ChildProcess::close);
    try {
      if (service != null) service.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Path m : mounts) Run.run(dir, List.of("umount", m.toString()));
  }
}

package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.PathsConfig;
import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.SystemdCheck;
import io.hostkeeper.common.config.TcpCheck;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A worker context over a real SQLite state DB in a temp dir, fake probes by service name, and a
 * fresh metrics registry per "worker start" ({@link #start}).
 */
final class WatchdogFixture {
  final Path dir;
  final Jdbi jdbi;
  final Clock clock;
  final Map<String, FakeProbe> probes = new HashMap<>();
  PrometheusRegistry registry;
  /** How probes are built; fake ones by default. */
  WatchdogJobs.ProbeFactory probeFactory = (s, c) -> probe(s.name());
  WatchdogJobs area;
  WorkerContext context;

  WatchdogFixture(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setBusyTimeout(10_000);
    cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    SQLiteDataSource ds = new SQLiteDataSource(cfg);
    ds.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
    this.jdbi = Jdbi.create(ds);
  }

  FakeProbe probe(String service) {
    return probes.computeIfAbsent(service, FakeProbe::new);
  }

  /** A worker start: new area, new registry, same state DB. */
  Map<String, ServiceWatchdog> start(String systemctl, ServiceConfig... services) {
    registry = new PrometheusRegistry();
    ExporterConfig exporter = new ExporterConfig(null, new PathsConfig(Path.of("/proc"), Path.of("/sys"), Path.of("/"), systemctl),
        null, null, null, null, null);
    HostkeeperConfig config = new HostkeeperConfig(exporter, List.of(services), null, List.of(), List.of(), List.of());
    context = new WorkerContext(config, dir, registry, jdbi, clock);
    area = new WatchdogJobs(probeFactory, () -> 0.5, Duration.ofMillis(500));
    return area.watchdogs(context);
  }

  Map<String, ServiceWatchdog> start(ServiceConfig... services) {
    return start("systemctl", services);
  }

  JobOutcome run(String service) throws Exception {
    WatchdogJob job = area.jobs(context).stream().map(WatchdogJob.class::cast)
        .filter(j -> j.name().equals("watchdog:" + service)).findFirst().orElseThrow();
    return job.run(new JobRunContext(1, clock.instant(), clock, false));
  }

  static ServiceConfig tcpService(String name, RestartConfig restart) {
    return new ServiceConfig(name, new ServiceCheck(null, new TcpCheck(null, Duration.ofSeconds(1)), null, null, null, null), restart);
  }

  static ServiceConfig systemdService(String name, String unit, RestartConfig restart) {
    return new ServiceConfig(name, new ServiceCheck(null, null, new SystemdCheck(unit), null, null, null), restart);
  }

  Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  /** Lines of a file, 0 when it does not exist. */
  static int lines(Path p) throws Exception {
    return Files.exists(p) ? Files.readAllLines(p).size() : 0;
  }

  OptionalDouble metric(String name, String service, String labelName, String labelValue) {
    for (MetricSnapshot s : registry.scrape()) {
      if (!(s.getMetadata().getPrometheusName().equals(name) || (s.getMetadata().getPrometheusName() + "_total").equals(name))) continue;
      for (var p : s.getDataPoints()) {
        if (!service.equals(p.getLabels().get("service")) || !labelValue.equals(p.getLabels().get(labelName))) continue;
        if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) return OptionalDouble.of(g.getValue());
        if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) return OptionalDouble.of(c.getValue());
      }
    }
    return OptionalDouble.empty();
  }

  /** The state whose one-hot series is 1, or null when the series are absent. */
  String stateMetric(String service) {
    for (WatchdogState s : WatchdogState.values()) {
      if (metric("hostkeeper_service_watchdog_state", service, "state", s.label()).orElse(0) == 1) return s.label();
    }
    return null;
  }

  static Instant t0() {
    return Instant.parse("2026-01-01T03:00:00Z");
  }
}

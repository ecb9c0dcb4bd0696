package io.hostkeeper.worker.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.PathsConfig;
import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.TcpCheck;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogJobsTest {

  @TempDir Path dir;

  @Test
  void oneJobPerServiceWithARestartBlockAndNoIoToBuildThem() {
    FakeClock clock = new FakeClock(WatchdogFixture.t0());
    WatchdogFixture fx = new WatchdogFixture(dir, clock);
    RestartConfig rc = Policies.config(List.of(), 2, Duration.ofSeconds(7), Duration.ofSeconds(30),
        Policies.backoff(10, 2, 60, 0.1), 3, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(60));
    fx.start("/opt/bin/systemctl",
        WatchdogFixture.systemdService("logger", "logger.service", rc),
        new ServiceConfig("db", new ServiceCheck(null, new TcpCheck(null, Duration.ofSeconds(1)), null, null, null, null), null));
    List<HostkeeperJob> jobs = fx.area.jobs(fx.context);
    assertEquals(1, jobs.size());
    assertEquals("watchdog:logger", jobs.get(0).name());
    assertEquals(Duration.ofSeconds(7), jobs.get(0).schedule().every());
    assertEquals(List.of("/opt/bin/systemctl", "restart", "logger.service"),
        ((WatchdogJob) jobs.get(0)).watchdog().command());
    assertSame(((WatchdogJob) jobs.get(0)).watchdog(), ((WatchdogJob) fx.area.jobs(fx.context).get(0)).watchdog(),
        "jobs and routes share one set of watchdogs per context");
    assertFalse(Files.exists(dir.resolve("state.db")), "building jobs does no I/O");
    assertFalse(Files.exists(dir.resolve("watchdog")));
  }

  @Test
  void productionProbesAreBuiltFromTheConfig() {
    RestartConfig rc = Policies.config(List.of("/bin/true"), 2, Duration.ofSeconds(15), Duration.ofSeconds(30),
        Policies.backoff(10, 2, 60, 0.1), 3, Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(60));
    ServiceConfig db = new ServiceConfig("db",
        new ServiceCheck(null, new TcpCheck(new HostPort("127.0.0.1", 1), Duration.ofMillis(500)), null, null, null, null), rc);
    HostkeeperConfig config = new HostkeeperConfig(
        new ExporterConfig(null, new PathsConfig(Path.of("/proc"), Path.of("/sys"), Path.of("/"), "systemctl"), null, null, null, null, null),
        List.of(db), null, List.of(), List.of(), List.of());
    WatchdogFixture fx = new WatchdogFixture(dir, new FakeClock(WatchdogFixture.t0()));
    WorkerContext context = new WorkerContext(config, dir, new PrometheusRegistry(), fx.jdbi, fx.clock);
    WatchdogJobs area = new WatchdogJobs();
    ServiceWatchdog w = area.watchdogs(context).get("db");
    WatchdogReport r = w.tick();
    assertFalse(r.check().up(), "nothing listens on 127.0.0.1:1");
    assertTrue(area.routes(context) != null);
    WorkerContext other = new WorkerContext(config, dir, new PrometheusRegistry(), fx.jdbi, fx.clock);
    assertThrows(IllegalStateException.class, () -> area.jobs(other));
  }

  @Test
  void aStaleRunningStatusIsRecoveredByTheSameInstance() throws Exception {
    FakeClock clock = new FakeClock(WatchdogFixture.t0());
    WatchdogFixture fx = new WatchdogFixture(dir, clock);
    Path log = dir.resolve("restarts.log");
    RestartConfig rc = ServiceWatchdogTest.restart(List.of(fx.script("r.sh", "echo r >> " + log).toString()), 1, 3, Duration.ofSeconds(10));
    ServiceWatchdog w = fx.start(WatchdogFixture.tcpService("web", rc)).get("web");
    fx.probe("web").up = false;
    w.tick(); // restart 1, completes
    assertEquals(1, WatchdogFixture.lines(log));
    // a restart end that was never saved leaves "running" behind
    WatchdogRecord.Builder b = w.status().toBuilder();
    b.lastRestartResult = WatchdogRecord.RUNNING;
    new WatchdogStore(fx.jdbi).save(b.build(), clock.instant());
    clock.advance(Duration.ofMinutes(1));
    WatchdogReport r = w.tick();
    assertEquals("interrupted", r.after().lastRestartResult());
    assertEquals(WatchdogState.COOLING_DOWN, r.after().state(), r.reason());
    assertEquals(1, WatchdogFixture.lines(log), "not restarted at once");
  }

  @Test
  void neitherAThrowingProbeNorABrokenStateDatabaseEscapesTheJob() throws Exception {
    FakeClock clock = new FakeClock(WatchdogFixture.t0());
    Path notADb = Files.createDirectories(dir.resolve("broken").resolve("state.db"));
    WatchdogFixture broken = new WatchdogFixture(notADb.getParent(), clock);
    RestartConfig rc = ServiceWatchdogTest.restart(List.of("/bin/true"), 1, 3, Duration.ofSeconds(10));
    broken.start(WatchdogFixture.tcpService("web", rc));
    var outcome = broken.run("web");
    assertEquals(io.hostkeeper.worker.job.JobOutcome.Result.FAILURE, outcome.result());
    assertTrue(outcome.message().startsWith("web: watchdog error:"), outcome.message());

    WatchdogFixture fx = new WatchdogFixture(dir, clock);
    fx.probeFactory = (s, c) -> new io.hostkeeper.common.probe.ServiceProbe() {
      @Override public String service() { return "web"; }
      @Override public String kind() { return "tcp"; }
      @Override public io.hostkeeper.common.probe.ProbeResult check() { throw new IllegalStateException("probe bug"); }
    };
    fx.start(WatchdogFixture.tcpService("web", ServiceWatchdogTest.restart(List.of("/bin/true"), 2, 3, Duration.ofSeconds(10))));
    var down = fx.run("web");
    assertEquals("failing", down.details().get("state"), "a probe that throws counts as a failed check");
    assertTrue(down.message().contains("probe bug"), down.message());
  }
}

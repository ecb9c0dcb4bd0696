package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.CommandCheck;
import io.hostkeeper.common.config.DnsCheck;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.HttpCheck;
import io.hostkeeper.common.config.ProcessCheck;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.config.StatusRange;
import io.hostkeeper.common.config.SystemdCheck;
import io.hostkeeper.common.config.TcpCheck;
import io.hostkeeper.common.probe.ProbeSettings;
import io.hostkeeper.common.testing.FakeSystemctl;
import io.hostkeeper.common.config.ServiceChecksConfig;
import io.hostkeeper.exporter.collector.service.Exposition;
import io.hostkeeper.exporter.collector.service.ReasonLog;
import io.hostkeeper.exporter.collector.service.ServiceChecker;
import io.hostkeeper.exporter.collector.service.ServiceStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceStatusCollectorTest {
  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : cleanup) c.close();
  }

  static ServiceConfig http(String name, String url, Duration timeout) {
    return svc(name, new ServiceCheck(new HttpCheck(url, "GET", StatusRange.parse("2xx"), null, timeout, true, 5), null, null, null, null, null));
  }

  static ServiceConfig svc(String name, ServiceCheck check) {
    return new ServiceConfig(name, check, null);
  }

  static ServiceConfig command(String name, Duration timeout, String... argv) {
    return svc(name, new ServiceCheck(null, null, null, null, null, new CommandCheck(List.of(argv), timeout)));
  }

  static ServiceConfig systemd(String name, String unit) {
    return svc(name, new ServiceCheck(null, null, new SystemdCheck(unit), null, null, null));
  }

  static ScrapeContext budget(Duration d) {
    return new ScrapeContext(System.nanoTime() + d.toNanos());
  }

  /** Checks every 10 minutes: within a test only the rounds it asks for run. */
  static final ServiceChecksConfig MANUAL = new ServiceChecksConfig(Duration.ofMinutes(10), 4);

  ServiceStatusCollector collector(List<ServiceConfig> services, ProbeSettings settings) {
    ServiceStatusCollector c = new ServiceStatusCollector(services, settings, MANUAL);
    cleanup.add(c);
    return c;
  }

  /** Runs a round of checks and waits for it (bounded). */
  static void checkRound(ServiceStatusCollector c) throws Exception {
    c.checkNow().get(30, TimeUnit.SECONDS);
  }

  static Map<String, ServiceStatus> byName(List<ServiceStatus> list) {
    return list.stream().collect(Collectors.toMap(ServiceStatus::service, s -> s));
  }

  @Test
  void realServicesGoDownWhenStopped() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    String marker = "3600.7" + ProcessHandle.current().pid();
    Process child = new ProcessBuilder("sleep", marker).start();
    cleanup.add(() -> {
      server.stop(0);
      listener.close();
      child.destroyForcibly();
    });
    FakeSystemctl fake = FakeSystemctl.install(dir.resolve("systemctl"));
    ProbeSettings settings = ProbeSettings.defaults().withSystemctl(fake.program());
    List<ServiceConfig> services = List.of(
        http("web", "http://127.0.0.1:" + server.getAddress().getPort() + "/health", Duration.ofSeconds(5)),
        svc("db", new ServiceCheck(null, new TcpCheck(HostPort.parse("127.0.0.1:" + listener.getLocalPort()), Duration.ofSeconds(5)), null, null, null, null)),
        svc("sleeper", new ServiceCheck(null, null, null, new ProcessCheck(Pattern.compile("sleep " + Pattern.quote(marker)), 1), null, null)),
        systemd("proxy", "nginx.service"),
        systemd("app", "web.service"),
        systemd("queue", "worker"),
        systemd("ghost", "nosuch.service"));
    ServiceStatusCollector collector = collector(services, settings);
    assertEquals("services", collector.name());
    assertTrue(collector.lastStatus().isEmpty(), "nothing before the checks start");
    checkRound(collector);
    assertEquals(services.size(), collector.lastStatus().size());

    String first = Exposition.text(collector.collect(budget(Duration.ofSeconds(20))));
    assertTrue(first.contains("hostkeeper_service_up{check=\"http\",service=\"web\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_service_up{check=\"tcp\",service=\"db\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_service_up{check=\"process\",service=\"sleeper\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_service_up{check=\"systemd\",service=\"proxy\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_service_up{check=\"systemd\",service=\"app\"} 0.0"), first);
    assertTrue(first.contains("hostkeeper_service_up{check=\"systemd\",service=\"queue\"} 0.0"), first);
    assertTrue(first.contains("hostkeeper_service_up{check=\"systemd\",service=\"ghost\"} 0.0"), first);
    assertTrue(first.contains("hostkeeper_service_http_status_code{service=\"web\"} 204.0"), first);
    assertTrue(first.contains("hostkeeper_systemd_unit_state{state=\"failed\",unit=\"web.service\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_systemd_unit_state{state=\"active\",unit=\"web.service\"} 0.0"), first);
    assertTrue(first.contains("hostkeeper_systemd_unit_state{state=\"activating\",unit=\"worker.service\"} 1.0"), first);
    assertTrue(first.contains("hostkeeper_systemd_unit_restarts_total{unit=\"web.service\"} 5.0"), first);
    assertTrue(first.contains("hostkeeper_systemd_unit_restarts_total{unit=\"worker.service\"} 2.0"), first);
    assertFalse(first.contains("nosuch.service"), "a unit that does not exist has no unit series");
    assertTrue(first.contains("hostkeeper_service_last_check_timestamp_seconds{service=\"web\"} "), first);
    assertTrue(first.contains("hostkeeper_service_last_check_timestamp_seconds{service=\"ghost\"} "), first);
    assertEquals(1, fake.calls().size(), "all units in one systemctl call per round");
    Exposition.text(collector.collect(budget(Duration.ofSeconds(20))));
    assertEquals(1, fake.calls().size(), "a scrape serves the latest results, it does not check");
    Map<String, ServiceStatus> status = byName(collector.lastStatus());
    assertEquals("unit web.service is failed (failed, result exit-code)", status.get("app").reason());
    assertEquals("unit nosuch.service not found (LoadState=not-found)", status.get("ghost").reason());
    assertEquals(java.util.OptionalLong.of(5), status.get("app").unit().restarts());
    assertEquals(204, status.get("web").httpStatus());

    server.stop(0);
    listener.close();
    child.destroyForcibly().waitFor();
    checkRound(collector);
    String second = Exposition.text(collector.collect(budget(Duration.ofSeconds(20))));
    assertTrue(second.contains("hostkeeper_service_up{check=\"http\",service=\"web\"} 0.0"), second);
    assertTrue(second.contains("hostkeeper_service_up{check=\"tcp\",service=\"db\"} 0.0"), second);
    assertTrue(second.contains("hostkeeper_service_up{check=\"process\",service=\"sleeper\"} 0.0"), second);
    assertFalse(second.contains("hostkeeper_service_http_status_code"), "no response, no status code");
    assertEquals(2, fake.calls().size());
    status = byName(collector.lastStatus());
    assertTrue(status.get("web").reason().endsWith(" refused"), status.get("web").reason());
    assertTrue(status.get("db").reason().endsWith(" refused"), status.get("db").reason());
    assertEquals("no process matches /sleep \\Q" + marker + "\\E/", status.get("sleeper").reason());
  }

  @Test
  void badInputIsDownWithAReasonNeverAFailedScrape() throws Exception {
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int refusedPort = closed.getLocalPort();
    closed.close();
    HttpServer loop = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    loop.createContext("/", ex -> {
      ex.getResponseHeaders().add("Location", "/");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    loop.start();
    cleanup.add(silent);
    cleanup.add(() -> loop.stop(0));
    String loopBase = "http://127.0.0.1:" + loop.getAddress().getPort();
    FakeSystemctl fake = FakeSystemctl.install(dir.resolve("systemctl"));
    fake.broken(true);
    List<ServiceConfig> services = List.of(
        http("silent", "http://127.0.0.1:" + silent.getLocalPort() + "/", Duration.ofMillis(300)),
        http("unresolvable", "http://service.invalid/", Duration.ofSeconds(5)),
        http("refused", "http://127.0.0.1:" + refusedPort + "/", Duration.ofSeconds(5)),
        http("tls", "https://127.0.0.1:" + refusedPort + "/", Duration.ofSeconds(5)),
        http("loop", loopBase + "/", Duration.ofSeconds(5)),
        svc("resolver", new ServiceCheck(null, null, null, null, new DnsCheck("nothing.invalid", Duration.ofSeconds(5)), null)),
        command("missing", Duration.ofSeconds(5), "/nonexistent/check-thing"),
        systemd("nosystemd", "nginx.service"));
    ServiceStatusCollector collector = collector(services, ProbeSettings.defaults().withSystemctl(fake.program()));
    checkRound(collector);
    String text = Exposition.text(collector.collect(budget(Duration.ofSeconds(20))));
    for (ServiceConfig s : services) {
      assertTrue(text.contains("hostkeeper_service_up{check=\"" + s.check().kind() + "\",service=\"" + s.name() + "\"} 0.0"), s.name() + "\n" + text);
    }
    assertFalse(text.contains("hostkeeper_systemd_unit_state"), "no unit series when systemctl fails");
    Map<String, ServiceStatus> status = byName(collector.lastStatus());
    assertEquals("no response from http://127.0.0.1:" + silent.getLocalPort() + "/ within 300ms", status.get("silent").reason());
    assertEquals("cannot resolve host service.invalid", status.get("unresolvable").reason());
    assertEquals("connection to 127.0.0.1:" + refusedPort + " refused", status.get("refused").reason());
    assertEquals("redirect loop: " + loopBase + "/ -> " + loopBase + "/", status.get("loop").reason());
    assertEquals("cannot resolve host nothing.invalid (unknown name)", status.get("resolver").reason());
    assertEquals("command not found: /nonexistent/check-thing", status.get("missing").reason());
    assertTrue(status.get("nosystemd").reason().contains("Failed to connect to bus"), status.get("nosystemd").reason());
    assertEquals(302, status.get("loop").httpStatus());
    assertEquals(null, status.get("nosystemd").unit());
    String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(status.get("missing"));
    assertTrue(json.startsWith("{\"service\":\"missing\",\"check\":\"command\",\"up\":false,"
        + "\"reason\":\"command not found: /nonexistent/check-thing\",\"durationSeconds\":"), json);
    assertTrue(json.endsWith(",\"stale\":false,\"httpStatus\":null,\"unit\":null}"), json);
    assertTrue(json.contains(",\"checkedAt\":\"20"), json);
  }

  @Test
  void scrapeNeverWaitsForAHangingCheckAndItIsNotStartedTwice() throws Exception {
    Path runs = dir.resolve("runs.log");
    FakeSystemctl fake = FakeSystemctl.install(dir.resolve("systemctl"));
    fake.hang(true);
    List<ServiceConfig> services = List.of(
        command("stuck", Duration.ofSeconds(20), "sh", "-c", "echo run >> " + runs + "; exec sleep 60"),
        command("quick", Duration.ofSeconds(5), "true"),
        systemd("unit", "nginx.service"));
    ProbeSettings d = ProbeSettings.defaults();
    ServiceStatusCollector collector = collector(services, new ProbeSettings(d.procfs(), fake.program(), Duration.ofSeconds(20), d.killGrace()));
    CompletableFuture<Void> first = collector.checkNow();
    awaitTrue(() -> !byName(collector.lastStatus()).get("quick").pending(), "quick's first result");
    String text = Exposition.text(collector.collect(budget(Duration.ofMillis(600))));
    assertTrue(text.contains("hostkeeper_service_up{check=\"command\",service=\"quick\"} 1.0"), text);
    assertFalse(text.contains("service=\"stuck\""), "no result yet: absent, not down\n" + text);
    assertFalse(text.contains("service=\"unit\""), "no result yet: absent, not down\n" + text);
    assertFalse(first.isDone(), "the round waits for the hanging check; the scrape did not");
    Map<String, ServiceStatus> status = byName(collector.lastStatus());
    assertTrue(status.get("stuck").pending());
    assertEquals(ServiceStatus.NOT_CHECKED_YET, status.get("stuck").reason());

    collector.checkNow();
    collector.checkNow();
    awaitTrue(() -> fake.calls().size() >= 1 && lines(runs) >= 1, "the hanging checks started");
    assertEquals(1, lines(runs), "the still-running check is not started again");
    assertEquals(1, fake.calls().size(), "the still-running systemctl is not started again");
  }

  @Test
  void resultOlderThanTwoIntervalsPlusTimeoutIsDownAsStale() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000_000L);
    ServiceChecker checker = new ServiceChecker(List.of(command("quick", Duration.ofSeconds(5), "true")),
        ProbeSettings.defaults(), new ServiceChecksConfig(Duration.ofMinutes(1), 1), Clock.systemUTC(), now::get,
        new ReasonLog(Duration.ofMinutes(10), now::get));
    ServiceStatusCollector collector = new ServiceStatusCollector(checker, now::get);
    cleanup.add(collector);
    checkRound(collector);
    assertTrue(Exposition.text(collector.collect(budget(Duration.ofSeconds(1)))).contains("service=\"quick\"} 1.0"));
    Duration bound = Duration.ofMinutes(2).plusSeconds(5).plus(ProbeSettings.defaults().killGrace());
    assertEquals(bound, checker.staleAfter("quick"));
    now.addAndGet(bound.toNanos());
    assertFalse(byName(collector.lastStatus()).get("quick").stale(), "exactly at the bound it still counts");
    now.addAndGet(1);
    String text = Exposition.text(collector.collect(budget(Duration.ofSeconds(1))));
    assertTrue(text.contains("hostkeeper_service_up{check=\"command\",service=\"quick\"} 0.0"), text);
    assertTrue(text.contains("hostkeeper_service_last_check_timestamp_seconds{service=\"quick\"} "), text);
    assertFalse(text.contains("hostkeeper_service_check_duration_seconds"), "nothing else from a stale result\n" + text);
    ServiceStatus quick = byName(collector.lastStatus()).get("quick");
    assertTrue(quick.stale() && !quick.up());
    assertTrue(quick.reason().startsWith("stale: no check result for more than 2m6s (checks every 1m)"), quick.reason());
    assertTrue(quick.ageSeconds() > bound.toSeconds(), String.valueOf(quick.ageSeconds()));
    checkRound(collector);
    assertFalse(byName(collector.lastStatus()).get("quick").stale(), "a new result counts again");
  }

  static int lines(Path p) {
    try {
      return Files.exists(p) ? Files.readAllLines(p).size() : 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void duplicateNamesAndBadChecksAreRejectedAtConstruction() {
    ProbeSettings settings = ProbeSettings.defaults();
    assertThrows(IllegalArgumentException.class, () -> new ServiceStatusCollector(List.of(
        command("a", Duration.ofSeconds(1), "true"), command("a", Duration.ofSeconds(1), "true")), settings));
    assertThrows(IllegalArgumentException.class, () -> new ServiceStatusCollector(List.of(
        http("a", "gopher://x/", Duration.ofSeconds(1))), settings));
  }

  @Test
  void noServicesNoFamilies() throws Exception {
    ServiceStatusCollector collector = collector(List.of(), ProbeSettings.defaults());
    assertTrue(collector.collect(budget(Duration.ofSeconds(1))).isEmpty());
    assertEquals(Optional.empty(), collector.lastStatus().stream().findAny());
  }
}

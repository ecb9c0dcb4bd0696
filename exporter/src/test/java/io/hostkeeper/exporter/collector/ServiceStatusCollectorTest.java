package io.hostkeeper.exporter.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hostkeeper.common.config.CheckConfig;
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
import io.hostkeeper.exporter.collector.service.Exposition;
import io.hostkeeper.exporter.collector.service.ServiceStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    return svc(name, new CheckConfig(new HttpCheck(url, "GET", StatusRange.parse("2xx"), null, timeout, true, 5), null, null, null, null, null));
  }

  static ServiceConfig svc(String name, CheckConfig check) {
    return new ServiceConfig(name, check, null);
  }

  static ServiceConfig command(String name, Duration timeout, String... argv) {
    return svc(name, new CheckConfig(null, null, null, null, null, new CommandCheck(List.of(argv), timeout)));
  }

  static ServiceConfig systemd(String name, String unit) {
    return svc(name, new CheckConfig(null, null, new SystemdCheck(unit), null, null, null));
  }

  static ScrapeContext budget(Duration d) {
    return new ScrapeContext(System.nanoTime() + d.toNanos());
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
        svc("db", new CheckConfig(null, new TcpCheck(HostPort.parse("127.0.0.1:" + listener.getLocalPort()), Duration.ofSeconds(5)), null, null, null, null)),
        svc("sleeper", new CheckConfig(null, null, null, new ProcessCheck(Pattern.compile("sleep " + Pattern.quote(marker)), 1), null, null)),
        systemd("proxy", "nginx.service"),
        systemd("app", "web.service"),
        systemd("queue", "worker"),
        systemd("ghost", "nosuch.service"));
    ServiceStatusCollector collector = new ServiceStatusCollector(services, settings);
    assertEquals("services", collector.name());
    assertTrue(collector.lastStatus().isEmpty());
    assertEquals(services.size(), collector.statusNow(Duration.ofSeconds(20)).size());

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
    assertEquals(2, fake.calls().size(), "all units in one systemctl call per collect");
    Map<String, ServiceStatus> status = byName(collector.lastStatus());
    assertEquals("unit web.service is failed (failed, result exit-code)", status.get("app").reason());
    assertEquals("unit nosuch.service not found (LoadState=not-found)", status.get("ghost").reason());
    assertEquals(5L, status.get("app").unit().restarts());
    assertEquals(204, status.get("web").httpStatus());

    server.stop(0);
    listener.close();
    child.destroyForcibly().waitFor();
    String second = Exposition.text(collector.collect(budget(Duration.ofSeconds(20))));
    assertTrue(second.contains("hostkeeper_service_up{check=\"http\",service=\"web\"} 0.0"), second);
    assertTrue(second.contains("hostkeeper_service_up{check=\"tcp\",service=\"db\"} 0.0"), second);
    assertTrue(second.contains("hostkeeper_service_up{check=\"process\",service=\"sleeper\"} 0.0"), second);
    assertFalse(second.contains("hostkeeper_service_http_status_code"), "no response, no status code");
    assertEquals(3, fake.calls().size());
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
        svc("resolver", new CheckConfig(null, null, null, null, new DnsCheck("nothing.invalid", Duration.ofSeconds(5)), null)),
        command("missing", Duration.ofSeconds(5), "/nonexistent/check-thing"),
        systemd("nosystemd", "nginx.service"));
    ServiceStatusCollector collector = new ServiceStatusCollector(services, ProbeSettings.defaults().withSystemctl(fake.program()));
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
    assertTrue(json.endsWith(",\"httpStatus\":null,\"unit\":null}"), json);
  }

  @Test
  void hangingCheckIsDownWithinTheScrapeBudgetAndNotStartedTwice() throws Exception {
    Path runs = dir.resolve("runs.log");
    FakeSystemctl fake = FakeSystemctl.install(dir.resolve("systemctl"));
    fake.hang(true);
    List<ServiceConfig> services = List.of(
        command("stuck", Duration.ofSeconds(5), "sh", "-c", "echo run >> " + runs + "; exec sleep 30"),
        command("quick", Duration.ofSeconds(5), "true"),
        systemd("unit", "nginx.service"));
    ServiceStatusCollector collector = new ServiceStatusCollector(services, ProbeSettings.defaults().withSystemctl(fake.program()));
    String text = Exposition.text(collector.collect(budget(Duration.ofMillis(600))));
    assertTrue(text.contains("hostkeeper_service_up{check=\"command\",service=\"stuck\"} 0.0"), text);
    assertTrue(text.contains("hostkeeper_service_up{check=\"command\",service=\"quick\"} 1.0"), text);
    assertTrue(text.contains("hostkeeper_service_up{check=\"systemd\",service=\"unit\"} 0.0"), text);
    Map<String, ServiceStatus> status = byName(collector.lastStatus());
    assertTrue(status.get("stuck").reason().startsWith("no result within "), status.get("stuck").reason());
    assertTrue(status.get("unit").reason().startsWith("systemctl show gave no answer within "), status.get("unit").reason());

    collector.collect(budget(Duration.ofMillis(300)));
    assertEquals(1, Files.readAllLines(runs).size(), "the still-running check is awaited, not started again");
    assertEquals(1, fake.calls().size(), "the still-running systemctl is awaited, not started again");
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
    ServiceStatusCollector collector = new ServiceStatusCollector(List.of(), ProbeSettings.defaults());
    assertTrue(collector.collect(budget(Duration.ofSeconds(1))).isEmpty());
    assertEquals(Optional.empty(), collector.lastStatus().stream().findAny());
  }
}

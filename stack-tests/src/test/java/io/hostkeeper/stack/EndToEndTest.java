package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alert path with real programs: the exporter (shaded jar) → Prometheus 2.42 with the
 * shipped scrape config and rules → Alertmanager 0.25 with the shipped routes and template →
 * a fake Telegram Bot API on 127.0.0.1, which records what a phone would show.
 *
 * <p>Timing for the test only (documented in docs/alerting.md): Prometheus scrapes and evaluates
 * every second and every {@code for:} of a temp copy of the rules is 5s
 * ({@link PrometheusUnderTest#shortenFor}); Alertmanager groups with group_wait 1s and
 * group_interval 2s. The shipped files are not edited.
 */
class EndToEndTest {
  private static final Duration ALERT_DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FakeTelegram telegram;
  private AlertmanagerUnderTest am;
  private PrometheusUnderTest prometheus;
  private ChildProcess exporter;
  private ServerSocket service;

  @AfterEach
  void stop() throws IOException {
    for (AutoCloseable c : new AutoCloseable[] {exporter, prometheus, am, telegram, service}) {
      try {
        if (c != null) c.close();
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  private Path exporterConfig(int exporterPort, int servicePort) throws IOException {
    Path cfg = dir.resolve("hostkeeper.yml");
    Files.writeString(cfg, """
        exporter:
          listen: 127.0.0.1:%d
          max_staleness: 0s
        services:
          - name: web
            check: {tcp: {address: "127.0.0.1:%d", timeout: 1s}}
        """.formatted(exporterPort, servicePort));
    return cfg;
  }

  private void startAll(int exporterPort, Path config) throws IOException {
    RealStack.require("prometheus", "prometheus");
    RealStack.require("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
    telegram = new FakeTelegram(AlertmanagerUnderTest.TEST_TOKEN);
    am = AlertmanagerUnderTest.start(dir, telegram.apiUrl());
    exporter = HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, config, dir,
        "http://127.0.0.1:" + exporterPort + "/metrics");
    prometheus = PrometheusUnderTest.start(dir, PrometheusUnderTest.exporterTarget("e2e-host", exporterPort),
        am.port, PrometheusUnderTest.shortenFor("5s"));
  }

  private String diagnostics() {
    return "telegram: " + telegram.messages() + "\n" + prometheus.log() + "\n" + am.log()
        + (exporter == null ? "" : "\n" + exporter.tail());
  }

  private FakeTelegram.Sent awaitTelegram(String what, String... fragments) {
    return Poll.until(ALERT_DEADLINE, what, () -> telegram.messages().stream()
        .filter(m -> List.of(fragments).stream().allMatch(m.text()::contains)).findFirst(), this::diagnostics);
  }

  private void awaitQuery(String promql, String what) {
    Poll.until(ALERT_DEADLINE, what, () -> prometheus.query(promql).size() > 0 ? Optional.of(true) : Optional.empty(),
        this::diagnostics);
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    return s;
  }

  @Test
  void serviceDownReachesTelegramAndItsRecoveryToo() throws IOException {
    service = listen(0);
    int servicePort = service.getLocalPort();
    int exporterPort = Poll.freePort();
    startAll(exporterPort, exporterConfig(exporterPort, servicePort));

    awaitQuery("up{job=\"hostkeeper-exporter\",instance=\"e2e-host\"} == 1", "the exporter scraped");
    awaitQuery("hostkeeper_service_up{service=\"web\",check=\"tcp\",instance=\"e2e-host\"} == 1", "service web up");

    service.close(); // the service goes away: connection refused
    FakeTelegram.Sent firing = awaitTelegram("ServiceDown firing in Telegram", "ServiceDown", "FIRING");
    assertTrue(firing.text().startsWith("🔥 <b>FIRING</b> [critical] <b>ServiceDown</b> on <b>e2e-host</b>"), firing.text());
    assertTrue(firing.text().contains("<b>Service web is down on e2e-host</b>"), firing.text());
    assertTrue(firing.text().contains("The tcp check of service web on e2e-host has been failing for at least 1 minute (service_up = 0)."),
        firing.text());
    assertTrue(firing.text().contains("docs/runbook.md#servicedown\">Runbook</a>"), firing.text());
    assertEquals(false, firing.disableNotification(), "critical: with sound");

    service = listen(servicePort); // it comes back on the same port
    FakeTelegram.Sent resolved = awaitTelegram("ServiceDown resolved in Telegram", "ServiceDown", "RESOLVED");
    assertTrue(resolved.text().startsWith("✅ <b>RESOLVED</b> [critical] <b>ServiceDown</b> on <b>e2e-host</b>"), resolved.text());
    assertTrue(resolved.text().contains("Resolved: 1"), resolved.text());
    assertTrue(resolved.text().contains("✅ Service web is down on e2e-host"), resolved.text());
  }

  @Test
  void exporterDownReachesTelegramAndItsReturnToo() throws IOException {
    int exporterPort = Poll.freePort();
    Path config = dir.resolve("hostkeeper.yml");
    Files.writeString(config, "exporter:\n  listen: 127.0.0.1:" + exporterPort + "\n");
    startAll(exporterPort, config);
    awaitQuery("up{job=\"hostkeeper-exporter\",instance=\"e2e-host\"} == 1", "the exporter scraped");

    exporter.close();
    exporter = null;
    FakeTelegram.Sent firing = awaitTelegram("HostkeeperExporterDown firing in Telegram", "HostkeeperExporterDown", "FIRING");
    assertTrue(firing.text().contains("<b>hostkeeper exporter on e2e-host cannot be scraped</b>"), firing.text());
    assertTrue(firing.text().contains("(up = 0)"), firing.text());

    exporter = HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, config, dir,
        "http://127.0.0.1:" + exporterPort + "/metrics");
    FakeTelegram.Sent resolved = awaitTelegram("HostkeeperExporterDown resolved in Telegram", "HostkeeperExporterDown", "RESOLVED");
    assertTrue(resolved.text().contains("✅ hostkeeper exporter on e2e-host cannot be scraped"), resolved.text());
  }
}

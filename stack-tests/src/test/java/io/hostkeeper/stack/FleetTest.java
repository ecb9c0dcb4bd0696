package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostkeeper.common.testing.RealStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet on the real stack: {@value #DEFAULT_HOSTS} real exporter processes (by default; the
 * property {@code hostkeeper.fleet.hosts} changes it) on 127.0.0.1, each on a fixture tree of its
 * own, two of them with a worker. Most are scraped by one real Prometheus through file_sd files
 * written by {@code hostkeeper-exporter targets add}; three push through real Prometheus agents'
 * remote_write into the same Prometheus. Two real Alertmanagers in one cluster send to a fake
 * Telegram. Broken hosts: a full disk, a hot sensor (one pulled, one pushed), a service down.
 *
 * <p>It checks: the fleet dashboard's table has one row per host and the broken ones are broken;
 * the expected alerts reach Telegram once each; with one Alertmanager killed, the alerts that
 * follow (several hosts of a site lost at once, one host with its worker lost) arrive once each,
 * and the alerts they stand for (the hosts' own contact alerts, the worker's) are muted; a host
 * whose file_sd file is added later is scraped without a restart or reload of Prometheus.
 *
 * <p>Timing for the test only: scrapes every 2 s, rules every 1 s, every {@code for:} divided by 30
 * (so the fleet alert still fires before the per-host ones, as in production), group_wait 1 s.
 * Every address any running Prometheus, agent or Alertmanager reads is 127.0.0.1.
 */
class FleetTest {
  static final int DEFAULT_HOSTS = 50;
  private static final int PUSHED = 3;
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  /** --cluster.peer-timeout of both Alertmanagers. */
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path dir;
  private final List<AutoCloseable> running = new ArrayList<>();
  private FakeTelegram telegram;
  private PrometheusUnderTest prometheus;

  @AfterEach
  void stop() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        // keep stopping the rest
      }
    }
  }

  /** Every {@code for:} of the rules divided by {@code factor} (at least 1 s); their order is kept. */
  static UnaryOperator<String> scaleFor(int factor) {
    Pattern p = Pattern.compile("(?m)^( +)for: (\\d+)([smhd])$");
    return rules -> {
      Matcher m = p.matcher(rules);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        long seconds = Long.parseLong(m.group(2)) * switch (m.group(3)) {
          case "s" -> 1;
          case "m" -> 60;
          case "h" -> 3600;
          default -> 86400;
        };
        m.appendReplacement(sb, m.group(1) + "for: " + Math.max(1, seconds / factor) + "s");
      }
      m.appendTail(sb);
      return sb.toString();
    };
  }

  private static String targetsAdd(Path targetsDir, FleetHost h, Integer workerPort) {
    List<String> args = new ArrayList<>(List.of("targets", "add", h.name, "127.0.0.1:" + h.port,
        "--labels", "site=" + h.site + ",role=" + (workerPort == null ? "web" : "db"), "--dir", targetsDir.toString()));
    if (workerPort != null) args.addAll(List.of("--worker", "127.0.0.1:" + workerPort));
    int code = io.hostkeeper.exporter.Main.execute(args.toArray(String[]::new));
    assertEquals(0, code, "targets add " + h.name);
    return h.name;
  }

  @Test
  void fleetOfRealExportersPullAndPushOneDashboardRowPerHostAlertsOnceThroughAnAlertmanagerPair() throws Exception {
    int total = Integer.getInteger("hostkeeper.fleet.hosts", DEFAULT_HOSTS);
    assertTrue(total >= 14, "hostkeeper.fleet.hosts must be at least 14 (the broken and the lost hosts), is " + total);
    RealStack.require("prometheus", "prometheus");
    RealStack.require("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
    Instant begin = Instant.now();

    // --- the hosts ---
    FleetMachines machines = new FleetMachines(dir);
    running.add(machines);
    machines.prepare();

    int pulled = total - PUSHED - 1;
    int siteA = Math.max(5, pulled / 2);
    List<FleetHost> pulledHosts = new ArrayList<>();
    for (int i = 0; i < pulled; i++) {
      boolean a = i < siteA;
      String name = a ? String.format("a-%02d", i + 1) : String.format("b-%02d", i - siteA + 1);
      FleetHost.Fault fault = switch (name) {
        case "a-01" -> FleetHost.Fault.FULL_DISK;
        case "a-02" -> FleetHost.Fault.HOT_SENSOR;
        case "a-03" -> FleetHost.Fault.SERVICE_DOWN;
        default -> FleetHost.Fault.NONE;
      };
      pulledHosts.add(new FleetHost(name, a ? "a" : "b", fault, i, dir.resolve("hosts").resolve(name), Poll.freePort()));
    }
    FleetHost late = new FleetHost("late-01", "a", FleetHost.Fault.NONE, pulled, dir.resolve("hosts/late-01"), Poll.freePort());
    List<FleetHost> pushedHosts = new ArrayList<>();
    for (int i = 0; i < PUSHED; i++) {
      String name = String.format("field-%02d", i + 1);
      pushedHosts.add(new FleetHost(name, "field", i == 0 ? FleetHost.Fault.HOT_SENSOR : FleetHost.Fault.NONE,
          pulled + 1 + i, dir.resolve("hosts").resolve(name), Poll.freePort()));
    }
    List<FleetHost> all = new ArrayList<>(pulledHosts);
    all.add(late);
    all.addAll(pushedHosts);

    Duration startAll = machines.startExporters(all);
    long rssKib = machines.exportersRssKib();
    System.out.printf("fleet: %d exporters ready in %d s, RSS %d MiB in all, %d MiB each on average%n",
        all.size(), startAll.toSeconds(), rssKib / 1024, rssKib / 1024 / all.size());
    Map<String, Integer> workerPorts = new HashMap<>();   // two of the site-a hosts run a worker too
    for (FleetHost h : pulledHosts.subList(3, 5)) workerPorts.put(h.name, machines.startWorker(h));

    // --- Telegram, the Alertmanager pair, Prometheus, the agents ---
    telegram = new FakeTelegram(AlertmanagerUnderTest.TEST_TOKEN);
    running.add(telegram);
    int gossip1 = Poll.freePort();
    int gossip2 = Poll.freePort();
    AlertmanagerUnderTest am1 = AlertmanagerUnderTest.startClustered(Files.createDirectories(dir.resolve("am1")),
        telegram.apiUrl(), gossip1, List.of(), PEER_TIMEOUT);
    running.add(am1);
    AlertmanagerUnderTest am2 = AlertmanagerUnderTest.startClustered(Files.createDirectories(dir.resolve("am2")),
        telegram.apiUrl(), gossip2, List.of(gossip1), PEER_TIMEOUT);
    running.add(am2);
    Poll.until(DEADLINE, "the two Alertmanagers in one cluster", () ->
        Json.getJson(am1.url() + "/api/v2/status").path("cluster").path("peers").size() == 2 ? Optional.of(true) : Optional.empty(),
        () -> am1.log() + am2.log());

    Path[] targetsDir = new Path[1];
    prometheus = PrometheusUnderTest.start(Files.createDirectories(dir.resolve("central")), targets -> {
      targetsDir[0] = targets;
      for (FleetHost h : pulledHosts) targetsAdd(targets, h, workerPorts.get(h.name));
    }, new PrometheusUnderTest.Options(2, List.of(am1.port, am2.port), scaleFor(30), List.of("--web.enable-remote-write-receiver")));
    running.add(prometheus);
    for (FleetHost h : pushedHosts) {
      running.add(PrometheusAgentUnderTest.start(dir.resolve("agents").resolve(h.name), h.name, h.site, h.port,
          prometheus.url() + "/api/v1/write"));
    }
    Path conf = dir.resolve("central/prometheus");
    LoopbackOnly.check(conf.resolve("prometheus.yml"), conf.resolve("rules"), conf.resolve("targets"),
        conf.resolve("alertmanagers"), dir.resolve("agents"), am1.configFile, am2.configFile);

    // --- every host in, the late one by a new file_sd file without a restart ---
    Set<String> before = new TreeSet<>();
    for (FleetHost h : all) if (h != late) before.add(h.name);
    awaitRows("site_instance:hostkeeper_cpu_utilisation:ratio", before);
    double reloads = scalar("prometheus_config_last_reload_success_timestamp_seconds");
    targetsAdd(targetsDir[0], late, null);
    Set<String> everyone = new TreeSet<>(before);
    everyone.add(late.name);
    awaitRows("site_instance:hostkeeper_cpu_utilisation:ratio", everyone);
    assertEquals(reloads, scalar("prometheus_config_last_reload_success_timestamp_seconds"), "no reload for a new host");
    assertTrue(prometheus.query("hostkeeper_scrape_collector_success == 0").isEmpty(),
        "every collector works on every host: " + prometheus.query("hostkeeper_scrape_collector_success == 0"));

    // --- the fleet dashboard: one row per host, the broken ones broken ---
    Map<String, Map<String, Double>> table = FleetTable.read(prometheus, Repo.path("grafana", "dashboards", "fleet.json"));
    assertEquals(everyone, table.keySet(), "one row per host");
    for (FleetHost h : all) {
      Map<String, Double> row = table.get(h.name);
      String where = h.name + ": " + row;
      assertEquals(1.0, row.get("up"), where);
      assertEquals(h.cpuBusy, row.get("CPU"), 0.08, where);
      assertEquals(h.memoryUsed, row.get("memory"), 0.01, where);
      assertEquals(h.celsius, row.get("hottest sensor"), 0.01, where);
      assertEquals(h.fault == FleetHost.Fault.SERVICE_DOWN ? 1.0 : 0.0, row.get("services down"), where);
      if (h.fault == FleetHost.Fault.FULL_DISK) assertTrue(row.get("worst disk") > 0.99, where);
      else assertTrue(row.get("worst disk") < 0.2, where);
      assertEquals(workerPorts.containsKey(h.name) ? Double.valueOf(0) : null, row.get("watchdog gave up"), where);
    }

    // --- alerts: once each, and none other ---
    Map<String, Integer> expected = new TreeMap<>(Map.of(
        "HostDiskSpaceLow a-01", 1, "HostTemperatureHigh a-02", 1, "ServiceDown a-03", 1, "HostTemperatureHigh field-01", 1));
    awaitFiring(expected.keySet());
    settle();
    assertEquals(expected, firing(), "each alert once in Telegram, nothing else");
    // The host's labels reach the alerts: from its file_sd file when pulled, from the agent when pushed.
    JsonNode pulledAlert = prometheus.query("ALERTS{alertname=\"ServiceDown\",alertstate=\"firing\"}").get(0).path("metric");
    assertEquals(List.of("a-03", "a", "web"), List.of(pulledAlert.path("host").asText(), pulledAlert.path("site").asText(),
        pulledAlert.path("role").asText()), pulledAlert.toString());
    JsonNode pushedAlert = prometheus.query("ALERTS{alertname=\"HostTemperatureHigh\",alertstate=\"firing\",instance=\"field-01\"}")
        .get(0).path("metric");
    assertEquals(List.of("field-01", "field", "push"), List.of(pushedAlert.path("host").asText(), pushedAlert.path("site").asText(),
        pushedAlert.path("ingest").asText()), pushedAlert.toString());

    // --- one Alertmanager gone; then a site loses several hosts, and a host its exporter and worker ---
    // "Several" as rules/fleet.yml's HostsLostContact counts them: 10 % of the site, at least 2, at most 10.
    int siteB = pulled - siteA;
    int lost = Math.max(3, Math.min(10, (int) Math.ceil(0.10 * siteB)));
    am1.close();
    for (int i = 1; i <= lost; i++) machines.stopExporter(String.format("b-%02d", i));
    machines.stopExporter("a-04");
    machines.stopWorker("a-04");
    expected.put("HostsLostContact -", 1);
    expected.put("HostkeeperExporterDown a-04", 1);
    awaitFiring(expected.keySet());
    settle();
    assertEquals(expected, firing(), "the fleet alert and the host alert once each; the per-host contact alerts "
        + "of site b and a-04's worker alert muted; nothing sent twice by the remaining Alertmanager");
    Optional<FakeTelegram.Sent> site = telegram.messages().stream().filter(m -> m.text().contains("HostsLostContact")).findFirst();
    assertTrue(site.isPresent() && site.get().text().contains(lost + " hosts of site b lost contact")
        && site.get().text().contains(" · site <b>b</b>"), String.valueOf(site));
    assertTrue(prometheus.query("ALERTS{alertname=\"HostkeeperExporterDown\",alertstate=\"firing\",site=\"b\"}").size() == lost,
        "the muted alerts do fire in Prometheus");
    System.out.printf("fleet: %d hosts, whole test %d s%n", all.size(), Duration.between(begin, Instant.now()).toSeconds());
  }

  private double scalar(String promql) {
    JsonNode r = prometheus.query(promql);
    return r.isEmpty() ? Double.NaN : r.get(0).path("value").get(1).asDouble();
  }

  private void awaitRows(String promql, Set<String> instances) {
    Poll.until(DEADLINE, instances.size() + " hosts in " + promql, () -> {
      Set<String> seen = new TreeSet<>();
      for (JsonNode s : prometheus.query(promql)) {
        if (!s.path("value").get(1).asText().equals("NaN")) seen.add(s.path("metric").path("instance").asText());
      }
      return seen.equals(instances) ? Optional.of(true) : Optional.empty();
    }, () -> "seen: " + prometheus.query("count by (instance) (" + promql + ")") + "\n" + prometheus.log());
  }

  private static final Pattern FIRING = Pattern.compile("<b>FIRING</b> (?:\\[[^\\]]*\\] )?<b>([^<]+)</b>(?: on <b>([^<]+)</b>)?");

  /** FIRING messages in Telegram by "alertname instance" ("-" for an alert without instance). */
  private Map<String, Integer> firing() {
    Map<String, Integer> out = new TreeMap<>();
    for (FakeTelegram.Sent m : telegram.messages()) {
      Matcher x = FIRING.matcher(m.text());
      if (x.find()) out.merge(x.group(1) + " " + (x.group(2) == null ? "-" : x.group(2)), 1, Integer::sum);
    }
    return out;
  }

  private void awaitFiring(Set<String> keys) {
    Poll.until(DEADLINE, "in Telegram: " + keys, () -> firing().keySet().containsAll(keys) ? Optional.of(true) : Optional.empty(),
        () -> "telegram: " + firing() + "\nfiring in Prometheus: " + prometheus.query("ALERTS{alertstate=\"firing\"}") + "\n"
            + prometheus.log());
  }

  /**
   * A duplicate can only be shown absent by waiting the time it would take to arrive: the second
   * node sends what the first did not after its peer timeout, and a repeat comes at the next group
   * interval (AlertmanagerUnderTest: 2 s). So: the peer timeout, two group intervals, 1 s margin.
   */
  private static void settle() throws InterruptedException {
    Thread.sleep(PEER_TIMEOUT.plusSeconds(2 * 2 + 1).toMillis());
  }
}

package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every panel query of every dashboard, run against a real Prometheus that scrapes the real
 * exporter and worker (shaded jars, temp hostkeeper.yml, temp data_dir) with the shipped scrape
 * config and recording rules. Variables are substituted the way Grafana does for "All": each
 * variable's own query is asked of Prometheus and its values joined as a regex alternation.
 * A query must be valid and return data, unless it is listed in {@link #NEEDS_FAULT} with the
 * reason it can only show something when something is wrong.
 */
class DashboardQueriesTest {
  private static final String NO_COPY = "only with backups[].copies, which need an SFTP server (SftpCopyTest runs them against a real sshd)";

  /** Queries that show data only when something is wrong; key "dashboard uid / panel title / refId". */
  static final Map<String, String> NEEDS_FAULT = Map.ofEntries(
      Map.entry("hostkeeper-exporter / Failing collectors / A",
          "lists only collectors whose last scrape failed (success == 0)"),
      Map.entry("hostkeeper-host / Swap used / A",
          "only hosts with swap configured have the ratio (swap_total > 0); the build machines have none"),
      Map.entry("hostkeeper-services / systemd units / A",
          "needs a service with a systemd check on a host whose systemd runs; build containers have no systemd"),
      Map.entry("hostkeeper-services / systemd unit restarts / A",
          "needs a service with a systemd check on a host whose systemd runs; build containers have no systemd"),
      Map.entry("hostkeeper-host / Raspberry Pi throttling / A", "only Raspberry Pis have firmware throttling flags"),
      Map.entry("hostkeeper-host / Raspberry Pi throttling / B", "only Raspberry Pis have firmware throttling flags"),
      Map.entry("hostkeeper-host / Connection tracking and UDP errors / A",
          "only hosts with the nf_conntrack module loaded (a firewall or NAT); some build machines have none"),
      Map.entry("hostkeeper-backups / Copy age / A", NO_COPY),
      Map.entry("hostkeeper-fleet / Hosts / H", NO_COPY),
      Map.entry("hostkeeper-backups / Copy failures by reason / A", NO_COPY),
      Map.entry("hostkeeper-backups / Uploaded to copies / A", NO_COPY),
      Map.entry("hostkeeper-backups / Archives on copies / A", NO_COPY),
      Map.entry("hostkeeper-backups / Since last check / B",
          "only after a full decrypt-and-hash verify passed, which needs the private key this test does not have"));

  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*([a-zA-Z_]+)\\)$");
  private static final Pattern METRIC = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");

  @TempDir Path dir;
  private final List<AutoCloseable> running = new ArrayList<>();
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

  private static final String ADMIN_TOKEN = "stack-test-admin-token-0123456789abcdef";

  /** Runs every scheduled job once through the admin API, as an operator would after installing. */
  private static void runEveryJobOnce(int adminPort) {
    String base = "http://127.0.0.1:" + adminPort + "/api/jobs";
    JsonNode jobs = Json.read(Json.withToken("GET", base, ADMIN_TOKEN).body()).path("jobs");
    assertTrue(jobs.size() > 0, "the worker lists its jobs");
    for (JsonNode job : jobs) {
      String name = job.path("name").asText();
      int status = Json.withToken("POST", base + "/" + name + "/run", ADMIN_TOKEN).statusCode();
      assertTrue(status == 202 || status == 409, "run " + name + ": HTTP " + status);
    }
  }

  private Path writeConfigs(TestHost host, int exporterPort, int workerPort, int adminPort) throws IOException {
    Path token = dir.resolve("admin.token");
    Files.writeString(token, ADMIN_TOKEN + "\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(dir.resolve("worker-data"));
    // The optional kmsg collector reads a file of kernel log records (the format of /dev/kmsg).
    Path kmsg = Files.writeString(dir.resolve("kmsg"), "3,1,1000,-;blk_update_request: I/O error, dev mmcblk0\n"
        + "4,2,2000,-;under-voltage detected\n");
    Path cfg = dir.resolve("hostkeeper.yml");
    Files.writeString(cfg, """
        exporter:
          listen: 127.0.0.1:%d
          max_staleness: 0s
          paths: {kmsg: %s}
          collectors:
            enable: [cpu, loadavg, meminfo, filesystem, diskstats, netdev, stat, processes, filefd, pressure, netclass, vmstat, netstat, sockstat, conntrack, time, os, buildinfo, thermal, services, kmsg, processgroups]
          process_groups:
            - {name: java, match: java}
        worker:
          data_dir: %s
          metrics_listen: 127.0.0.1:%d
          admin: {listen: "127.0.0.1:%d", token_file: %s}
        %s
        backups:
          - name: app
            schedule: "@every 3s"
            sources: [{path: %s}, {sqlite: %s}]
            recipients: [%s]
            destination: %s
            retention: {keep_last: 2}
            destination_quota: 1GiB
            check: {schedule: "@every 3s"}
        logs:
          - path: "%s/*.log"
            schedule: "@every 3s"
            keep: 2
        databases:
          - path: %s
            schedule: "@every 3s"
            steps: [integrity_check, vacuum]
        cleanup:
          - name: tmp
            paths: ["%s/*"]
            older_than: 7d
            schedule: "@every 3s"
        """.formatted(exporterPort, kmsg, dir.resolve("worker-data"), workerPort, adminPort, token, host.servicesYaml(),
        host.dir.resolve("app/config"), host.dir.resolve("app/data.db"), host.publicKey, host.dir.resolve("backups"),
        host.dir.resolve("logs"), host.dir.resolve("app/data.db"), Files.createDirectories(host.dir.resolve("tmp"))));
    return cfg;
  }

  /**
   * An exporter over the exporter module's "hardware" fixture host (md arrays, EDAC, a battery), with
   * its textfiles and its fake smartctl, for the Hardware and clock panels; timex reads this machine.
   */
  private Path hardwareConfig(int port) throws IOException {
    Path fixture = Repo.path("exporter", "src", "test", "fixtures", "hardware");
    Path textfiles = Files.createDirectories(dir.resolve("textfile"));
    try (var files = Files.list(fixture.resolve("textfile/good"))) {
      for (Path f : files.toList()) Files.copy(f, textfiles.resolve(f.getFileName()));
    }
    return Files.writeString(dir.resolve("hardware.yml"), """
        exporter:
          listen: 127.0.0.1:%d
          paths: {procfs: %s, sysfs: %s}
          collectors: {enable: [mdraid, edac, powersupply, timex, textfile, smart, buildinfo]}
          textfile: {directory: %s}
          smart: {smartctl: %s}
        """.formatted(port, fixture.resolve("proc"), fixture.resolve("sys"), textfiles, fixture.resolve("smart/fake-smartctl")));
  }

  @Test
  void everyPanelQueryReturnsData() throws IOException {
    TestHost host = new TestHost(dir.resolve("host"));
    running.add(host);
    int exporterPort = Poll.freePort();
    int sensorsPort = Poll.freePort();
    int workerPort = Poll.freePort();
    int adminPort = Poll.freePort();
    Path cfg = writeConfigs(host, exporterPort, workerPort, adminPort);
    Path sensorsCfg = dir.resolve("sensors.yml");
    Files.writeString(sensorsCfg, "exporter:\n  listen: 127.0.0.1:%d\n  paths: {sysfs: %s}\n"
        .formatted(sensorsPort, host.sysfs));

    running.add(HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, cfg, dir, "http://127.0.0.1:" + exporterPort + "/metrics"));
    running.add(HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, sensorsCfg, dir.resolve("host"),
        "http://127.0.0.1:" + sensorsPort + "/metrics"));
    ChildProcess worker = HostkeeperProcess.start(HostkeeperProcess.App.WORKER, cfg, dir, "http://127.0.0.1:" + workerPort + "/metrics");
    running.add(worker);
    int hardwarePort = Poll.freePort();
    running.add(HostkeeperProcess.start(HostkeeperProcess.App.EXPORTER, hardwareConfig(hardwarePort), dir,
        "http://127.0.0.1:" + hardwarePort + "/metrics"));
    prometheus = PrometheusUnderTest.start(dir,
        PrometheusUnderTest.hostTargets("test-host", exporterPort, workerPort)
            + PrometheusUnderTest.exporterTarget("sensors-host", sensorsPort)
            + PrometheusUnderTest.exporterTarget("hardware-host", hardwarePort),
        Poll.freePort(), r -> r);
    running.add(prometheus);

    Poll.until(Duration.ofSeconds(60), "all targets up and rates computable", () ->
        prometheus.query("up{job=~\"hostkeeper-.*\"} == 1").size() == 4
            && prometheus.query("instance:hostkeeper_cpu_utilisation:ratio").size() > 0
            ? Optional.of(true) : Optional.empty(), prometheus::log);

    HostkeeperProcess.awaitAdmin(worker, adminPort);
    runEveryJobOnce(adminPort);

    Map<String, String> pending = new LinkedHashMap<>();
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      Map<String, String> vars = resolveVariables(d);
      for (Dashboards.PanelQuery q : Dashboards.queries(d)) pending.put(q.key(), substitute(q.expr(), vars));
    }

    // Jobs run every 3 s and rates need two scrapes: give every query a shared deadline to show data.
    Instant deadline = Instant.now().plusSeconds(30);
    Map<String, String> empty = new LinkedHashMap<>(pending);
    List<String> invalid = new ArrayList<>();
    while (!empty.isEmpty() && Instant.now().isBefore(deadline)) {
      for (var it = empty.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        try {
          if (prometheus.query(e.getValue()).size() > 0) it.remove();
        } catch (IllegalArgumentException bad) {
          invalid.add(e.getKey() + ": " + bad.getMessage());
          it.remove();
        }
      }
      // after a first grace period, stop early when only excused queries are left
      if (Instant.now().isAfter(deadline.minusSeconds(20)) && NEEDS_FAULT.keySet().containsAll(empty.keySet())) break;
      if (!empty.isEmpty()) sleepBriefly();
    }
    assertTrue(invalid.isEmpty(), "invalid queries:\n" + String.join("\n", invalid));

    List<String> failures = new ArrayList<>();
    for (var e : empty.entrySet()) {
      if (NEEDS_FAULT.containsKey(e.getKey())) continue;
      List<String> missing = missingFamilies(e.getValue());
      failures.add(e.getKey() + " has no data: " + e.getValue() + (missing.isEmpty() ? "" : " (absent: " + missing + ")"));
    }
    for (String key : NEEDS_FAULT.keySet()) {
      assertTrue(pending.containsKey(key), "NEEDS_FAULT names no panel query: " + key);
    }
    System.out.println("queries: " + pending.size() + ", without data but excused: "
        + empty.keySet().stream().collect(Collectors.joining("\n  ", "\n  ", "")));
    if (!failures.isEmpty()) fail(String.join("\n", failures) + "\n" + prometheus.log());
  }

  /** Families named in {@code promql} that no target exports at all. */
  private List<String> missingFamilies(String promql) {
    List<String> out = new ArrayList<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      String name = m.group(1);
      if (List.of("by", "without", "on", "ignoring", "group_left", "group_right").contains(name)) continue;
      if (prometheus.query("count({__name__=\"" + name + "\"})").isEmpty() && !out.contains(name)) out.add(name);
    }
    return out;
  }

  private Map<String, String> resolveVariables(JsonNode dashboard) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String name : Dashboards.variableNames(dashboard)) {
      String allValue = Dashboards.variable(dashboard, name).path("allValue").asText("");
      if (!allValue.isEmpty()) {
        vars.put(name, allValue); // Grafana sends the allValue for "All", whatever the values
        continue;
      }
      String query = substitute(Dashboards.variableQuery(dashboard, name), vars);
      Matcher m = LABEL_VALUES.matcher(query);
      assertTrue(m.matches(), "variable " + name + " is label_values(selector, label): " + query);
      List<String> values = prometheus.labelValues(m.group(1), m.group(2));
      assertTrue(!values.isEmpty(), dashboard.path("uid").asText() + ": variable " + name + " has no values: " + query);
      vars.put(name, values.stream().map(v -> v.replaceAll("([.+*?()|\\[\\]{}^$\\\\])", "\\\\\\\\$1"))
          .collect(Collectors.joining("|", "(", ")")));
    }
    return vars;
  }

  private static String substitute(String expr, Map<String, String> vars) {
    String out = expr.replace("$__rate_interval", "1m").replace("$__interval", "15s");
    for (var v : vars.entrySet()) out = out.replace("$" + v.getKey(), v.getValue());
    return out;
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

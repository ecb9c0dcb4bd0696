package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compose.yaml validated and resolved by the real docker-compose (no engine needed for "config"). */
class ComposeConfigTest {
  @TempDir Path dir;
  private Path compose;

  @BeforeEach
  void setUp() {
    compose = RealStack.require("docker-compose", "docker-compose");
  }

  private Run.Result config(String envFileContent, String... extra) throws IOException {
    Path env = dir.resolve("test.env");
    Files.writeString(env, envFileContent);
    List<String> argv = new java.util.ArrayList<>(List.of(compose.toString(), "--env-file", env.toString(), "-f",
        Repo.path("compose.yaml").toString()));
    argv.addAll(List.of(extra));
    argv.add("config");
    return Run.run(Repo.root(), argv);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theTlsVariantGivesBothPortsTheWebConfigFileAndKeepsTheRest() throws IOException {
    Run.Result r = config("GRAFANA_ADMIN_PASSWORD=correct-horse\n", "-f", Repo.path("compose.tls.yaml").toString());
    assertTrue(r.ok(), r.output());
    Map<String, Object> doc = (Map<String, Object>) RulesFiles.yaml(r.output());
    for (String name : List.of("exporter", "worker")) {
      Map<String, Object> s = service(doc, name);
      List<String> cmd = (List<String>) s.get("command");
      assertTrue(cmd.contains("--config=/etc/hostkeeper/hostkeeper.yml"), cmd.toString());
      assertTrue(cmd.contains("--web.config.file=/etc/hostkeeper/tls/web-config.yml"), cmd.toString());
      List<String> volumes = (List<String>) s.get("volumes");
      assertTrue(volumes.stream().anyMatch(v -> v.endsWith("/tls:/etc/hostkeeper/tls:ro")), volumes.toString());
      assertTrue(volumes.stream().anyMatch(v -> v.endsWith(":/etc/hostkeeper/hostkeeper.yml:ro")), volumes.toString());
      assertTrue(String.valueOf(((Map<String, Object>) s.get("healthcheck")).get("test")).contains("/dev/tcp/127.0.0.1/2910"));
    }
    List<String> cmd = (List<String>) service(doc, "exporter").get("command");
    assertTrue(cmd.containsAll(List.of("--path.procfs=/host/proc", "--path.sysfs=/host/sys", "--path.rootfs=/host/root")), cmd.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(Map<String, Object> doc, String name) {
    return (Map<String, Object>) ((Map<String, Object>) doc.get("services")).get(name);
  }

  @Test
  @SuppressWarnings("unchecked")
  void stackResolvesWithEveryRequiredProperty() throws IOException {
    Run.Result r = config("GRAFANA_ADMIN_PASSWORD=correct-horse\n");
    assertTrue(r.ok(), r.output());
    Map<String, Object> doc = (Map<String, Object>) RulesFiles.yaml(r.output());
    // Services of a profile (alertmanager-2 of "ha") start only with --profile; docker-compose 1.x lists them anyway.
    assertEquals(List.of("alertmanager", "exporter", "grafana", "prometheus", "worker"),
        ((Map<String, Object>) doc.get("services")).entrySet().stream()
            .filter(e -> !((Map<String, Object>) e.getValue()).containsKey("profiles")).map(Map.Entry::getKey).sorted().toList());

    Map<String, Object> exporter = service(doc, "exporter");
    assertEquals("host", exporter.get("pid"));
    List<String> volumes = (List<String>) exporter.get("volumes");
    assertTrue(volumes.contains("/proc:/host/proc:ro"), volumes.toString());
    assertTrue(volumes.contains("/sys:/host/sys:ro"), volumes.toString());
    assertTrue(volumes.stream().anyMatch(v -> v.startsWith("/:/host/root:ro")), volumes.toString());
    List<String> cmd = (List<String>) exporter.get("command");
    assertTrue(cmd.containsAll(List.of("--path.procfs=/host/proc", "--path.sysfs=/host/sys", "--path.rootfs=/host/root")), cmd.toString());
    assertEquals("exporter/Dockerfile", ((Map<String, Object>) exporter.get("build")).get("dockerfile"));
    assertEquals("backup-worker/Dockerfile", ((Map<String, Object>) service(doc, "worker").get("build")).get("dockerfile"));

    for (String name : List.of("exporter", "worker", "single", "prometheus", "alertmanager", "grafana")) {
      Map<String, Object> hc = (Map<String, Object>) service(doc, name).get("healthcheck");
      assertTrue(hc != null && hc.get("test") != null, name + " has a health check");
    }
    Map<String, Object> env = (Map<String, Object>) service(doc, "grafana").get("environment");
    assertEquals("correct-horse", env.get("GF_SECURITY_ADMIN_PASSWORD"), "password comes from the env file");
    assertEquals("false", env.get("GF_AUTH_ANONYMOUS_ENABLED"));
    List<String> gv = (List<String>) service(doc, "grafana").get("volumes");
    assertTrue(gv.stream().anyMatch(v -> v.endsWith("/grafana/provisioning:/etc/grafana/provisioning:ro")), gv.toString());
    assertTrue(gv.stream().anyMatch(v -> v.endsWith("/grafana/dashboards:/etc/grafana/dashboards:ro")), gv.toString());
    assertTrue(Repo.read(Repo.path("grafana", "provisioning", "dashboards", "hostkeeper.yml")).contains("path: /etc/grafana/dashboards"));

    String am = (String) service(doc, "alertmanager").get("image");
    assertTrue(am.matches("prom/alertmanager:v0\\.(2[6-9]|[3-9][0-9])\\.[0-9]+"), "pinned Alertmanager with bot_token_file: " + am);
    assertTrue(((List<String>) service(doc, "alertmanager").get("volumes")).stream()
        .anyMatch(v -> v.endsWith("/secrets/telegram_bot_token:/etc/alertmanager/secrets/telegram_bot_token:ro")));
    assertTrue(((List<String>) service(doc, "prometheus").get("volumes")).stream()
        .anyMatch(v -> v.endsWith("/prometheus:/etc/prometheus:ro")));
    assertEquals(List.of("alertmanager-2-data", "alertmanager-data", "grafana-data", "prometheus-data", "worker-data"),
        ((Map<String, Object>) doc.get("volumes")).keySet().stream().sorted().toList());
  }

  @Test
  @SuppressWarnings("unchecked")
  void haProfileAddsASecondAlertmanagerThatJoinsTheFirstsCluster() throws IOException {
    Run.Result r = config("GRAFANA_ADMIN_PASSWORD=correct-horse\n", "--profile", "ha");
    assertTrue(r.ok(), r.output());
    Map<String, Object> doc = (Map<String, Object>) RulesFiles.yaml(r.output());
    // docker-compose 1.x lists the services of every profile; the ones of other profiles do not start with --profile ha
    assertEquals(List.of("alertmanager", "alertmanager-2", "exporter", "grafana", "prometheus", "worker"),
        ((Map<String, Object>) doc.get("services")).entrySet().stream()
            .filter(e -> !((Map<String, Object>) e.getValue()).containsKey("profiles")
                || ((List<String>) ((Map<String, Object>) e.getValue()).get("profiles")).contains("ha"))
            .map(Map.Entry::getKey).sorted().toList());
    assertEquals(List.of("ha"), service(doc, "alertmanager-2").get("profiles"));
    List<String> second = (List<String>) service(doc, "alertmanager-2").get("command");
    assertTrue(second.contains("--cluster.peer=alertmanager:9094"), second.toString());
    assertTrue(((List<String>) service(doc, "alertmanager").get("command")).contains("--cluster.listen-address=0.0.0.0:9094"));
    assertEquals(service(doc, "alertmanager").get("image"), service(doc, "alertmanager-2").get("image"), "one version in the pair");
    assertTrue(((List<String>) service(doc, "alertmanager-2").get("volumes")).stream()
        .anyMatch(v -> v.endsWith("/alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro")), "the same routes");
    // Prometheus reaches the second one through the example file the docs tell to enable.
    assertTrue(Repo.read(Repo.path("prometheus", "prometheus.yml")).contains("files: [\"alertmanagers/*.yml\"]"));
    assertTrue(Repo.read(Repo.path("prometheus", "alertmanagers", "second.yml.example")).contains("- targets: [\"alertmanager-2:9093\"]"));
  }

  @Test
  void grafanaAdminPasswordIsRequired() throws IOException {
    Run.Result r = config("# no password\n");
    assertFalse(r.ok(), r.output());
    assertTrue(r.output().contains("set GRAFANA_ADMIN_PASSWORD in .env"), r.output());
  }

  @Test
  void dockerfilesAreMultiStageNonRootJre() {
    for (String f : List.of("exporter/Dockerfile", "backup-worker/Dockerfile", "single-process/Dockerfile")) {
      String text = Repo.read(Repo.path(f));
      assertTrue(text.contains(" AS build"), f + ": build stage");
      assertTrue(text.contains("\nFROM eclipse-temurin:17-jre"), f + ": runs on a JRE image");
      assertTrue(text.contains("\nUSER 10001:10001"), f + ": non-root");
      String jar = f.startsWith("exporter") ? "exporter/target/hostkeeper-exporter.jar"
          : f.startsWith("single") ? "single-process/target/hostkeeper-single.jar" : "backup-worker/target/hostkeeper-worker.jar";
      assertTrue(text.contains("COPY --from=build /src/" + jar), f + ": copies " + jar);
    }
  }

  /**
   * The single process is a profile of its own, started instead of exporter and worker: it reads
   * the host like the exporter, keeps the worker's state volume, and answers to both service
   * names so prometheus/targets stays as it is.
   */
  @Test
  @SuppressWarnings("unchecked")
  void singleProcessProfileStandsInForExporterAndWorker() throws IOException {
    Run.Result r = config("GRAFANA_ADMIN_PASSWORD=correct-horse\n");
    assertTrue(r.ok(), r.output());
    Map<String, Object> single = service((Map<String, Object>) RulesFiles.yaml(r.output()), "single");
    assertEquals(List.of("single"), single.get("profiles"), "never started by a plain up");
    assertEquals("single-process/Dockerfile", ((Map<String, Object>) single.get("build")).get("dockerfile"));
    assertEquals("host", single.get("pid"));
    List<String> volumes = (List<String>) single.get("volumes");
    for (String v : List.of("/proc:/host/proc:ro", "/sys:/host/sys:ro")) assertTrue(volumes.contains(v), volumes.toString());
    assertTrue(volumes.stream().anyMatch(v -> v.startsWith("worker-data:/var/lib/hostkeeper")), volumes.toString());
    List<String> cmd = (List<String>) single.get("command");
    assertTrue(cmd.containsAll(List.of("--path.procfs=/host/proc", "--path.sysfs=/host/sys", "--path.rootfs=/host/root")), cmd.toString());
    Map<String, Object> net = (Map<String, Object>) ((Map<String, Object>) single.get("networks")).get("default");
    assertEquals(List.of("exporter", "worker"), net.get("aliases"));
    String targets = Repo.read(Repo.path("prometheus", "targets", "this-host.yml"));
    assertTrue(targets.contains("\"exporter:29100\"") && targets.contains("\"worker:29101\""), targets);
    assertEquals(List.of("ALL"), single.get("cap_drop"));
  }
}

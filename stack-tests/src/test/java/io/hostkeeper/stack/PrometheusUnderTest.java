package io.hostkeeper.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real Prometheus running a temp copy of the shipped {@code prometheus/} folder. The copy keeps
 * the shipped scrape jobs, relabelling and rules; for the test it only changes: the intervals
 * (scrape and evaluation 1s), the addresses (the host file {@code targets/test-host.yml} with the
 * test's exporter and worker in the shipped host-file format, Alertmanager and Prometheus on their 127.0.0.1 ports), and,
 * when a test asks for it, the rules through {@code rulesRewrite} (the end-to-end test shortens
 * {@code for:}). The shipped files are never edited.
 */
final class PrometheusUnderTest implements AutoCloseable {
  final int port;
  private final ChildProcess process;

  private PrometheusUnderTest(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  /** A host file for targets/: the test's exporter and worker as host {@code instance}. */
  static String hostTargets(String instance, int exporterPort, int workerPort) {
    return """
        - targets: ["127.0.0.1:%d"]
          labels: {instance: %s, __role: exporter}
        - targets: ["127.0.0.1:%d"]
          labels: {instance: %s, __role: worker}
        """.formatted(exporterPort, instance, workerPort, instance);
  }

  /** Only an exporter for host {@code instance}. */
  static String exporterTarget(String instance, int exporterPort) {
    return """
        - targets: ["127.0.0.1:%d"]
          labels: {instance: %s, __role: exporter}
        """.formatted(exporterPort, instance);
  }

  /** Rewrites every {@code for:} of the rules to {@code duration} (end-to-end tests cannot wait minutes). */
  static UnaryOperator<String> shortenFor(String duration) {
    return rules -> rules.replaceAll("(?m)^( +)for: .*$", "$1for: " + duration);
  }

  static PrometheusUnderTest start(Path dir, String targetsYaml, int alertmanagerPort,
                                   UnaryOperator<String> rulesRewrite) throws IOException {
    return start(dir, targetsYaml, alertmanagerPort, rulesRewrite, UnaryOperator.identity(), conf -> { });
  }

  /** Something the test does to the config copy before Prometheus starts (files it needs). */
  interface Prepare {
    void in(Path conf) throws IOException;
  }

  /**
   * As above, with {@code configRewrite} applied to prometheus.yml after the test's own changes
   * (e.g. uncommenting a shipped example) and {@code prepare} run on the copied folder.
   */
  static PrometheusUnderTest start(Path dir, String targetsYaml, int alertmanagerPort, UnaryOperator<String> rulesRewrite,
                                   UnaryOperator<String> configRewrite, Prepare prepare) throws IOException {
    return start(dir, targets -> Files.writeString(targets.resolve("test-host.yml"), targetsYaml),
        new Options(1, List.of(alertmanagerPort), rulesRewrite, List.of(), configRewrite, prepare));
  }

  /** Writes the test's host files into the copied {@code targets/} folder. */
  interface TargetsWriter {
    void write(Path targetsDir) throws IOException;
  }

  /**
   * What a test changes besides the addresses: the scrape interval (evaluation stays 1s), every
   * Alertmanager of the cluster (the first replaces the shipped one, the others go into
   * {@code alertmanagers/*.yml} as the HA docs say), the rules, extra command-line flags, a last
   * rewrite of prometheus.yml and files prepared in the copied folder.
   */
  record Options(int scrapeSeconds, List<Integer> alertmanagerPorts, UnaryOperator<String> rulesRewrite, List<String> flags,
                 UnaryOperator<String> configRewrite, Prepare prepare) {
    Options(int scrapeSeconds, List<Integer> alertmanagerPorts, UnaryOperator<String> rulesRewrite, List<String> flags) {
      this(scrapeSeconds, alertmanagerPorts, rulesRewrite, flags, UnaryOperator.identity(), conf -> { });
    }
  }

  static PrometheusUnderTest start(Path dir, TargetsWriter targetsWriter, Options options) throws IOException {
    Path bin = RealStack.require("prometheus", "prometheus");
    Path conf = dir.resolve("prometheus");
    Repo.copyTree(Repo.path("prometheus"), conf);
    int port = Poll.freePort();

    String yml = Repo.read(conf.resolve("prometheus.yml"));
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "^( +)scrape_interval: .*$", "$1scrape_interval: " + options.scrapeSeconds() + "s");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "^( +)scrape_timeout: .*$", "$1scrape_timeout: 1s");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "^( +)evaluation_interval: .*$", "$1evaluation_interval: 1s");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "\"alertmanager:9093\"", "\"127.0.0.1:" + options.alertmanagerPorts().get(0) + "\"");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "\"localhost:9090\"", "\"127.0.0.1:" + port + "\"");
    Files.writeString(conf.resolve("prometheus.yml"), options.configRewrite().apply(yml));
    options.prepare().in(conf);
    try (var examples = Files.list(conf.resolve("alertmanagers"))) {
      for (Path f : examples.toList()) Files.delete(f);
    }
    for (int i = 1; i < options.alertmanagerPorts().size(); i++) {
      Files.writeString(conf.resolve("alertmanagers").resolve("am-" + i + ".yml"),
          "- targets: [\"127.0.0.1:" + options.alertmanagerPorts().get(i) + "\"]\n");
    }

    Files.delete(conf.resolve("targets").resolve("this-host.yml"));
    targetsWriter.write(conf.resolve("targets"));

    try (var files = Files.list(conf.resolve("rules"))) {
      for (Path f : files.toList()) Files.writeString(f, options.rulesRewrite().apply(Files.readString(f)));
    }

    List<String> argv = new java.util.ArrayList<>(List.of(bin.toString(),
        "--config.file=" + conf.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("prom-data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=info"));
    argv.addAll(options.flags());
    ChildProcess p = ChildProcess.start("prometheus", argv, dir, dir.resolve("prometheus.log"));
    PrometheusUnderTest prom = new PrometheusUnderTest(port, p);
    Poll.until(Duration.ofSeconds(60), "Prometheus ready", () -> {
      if (!p.alive()) throw new AssertionError("Prometheus exited\n" + p.tail());
      return Json.get(prom.url() + "/-/ready").statusCode() == 200 ? Optional.of(true) : Optional.empty();
    }, p::tail);
    return prom;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Instant query; throws with Prometheus's error message when the query is invalid. */
  JsonNode query(String promql) {
    var r = Json.get(url() + "/api/v1/query?query=" + Json.enc(promql));
    JsonNode body = Json.read(r.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalArgumentException(body.path("errorType").asText() + ": " + body.path("error").asText() + " in " + promql);
    }
    return body.path("data").path("result");
  }

  /** Values of {@code label} on the series matching {@code selector} (Grafana's label_values). */
  List<String> labelValues(String selector, String label) {
    JsonNode data = Json.getJson(url() + "/api/v1/label/" + label + "/values?match[]=" + Json.enc(selector)).path("data");
    return java.util.stream.StreamSupport.stream(data.spliterator(), false).map(JsonNode::asText).toList();
  }

  String log() {
    return process.tail();
  }

  @Override
  public void close() {
    process.close();
  }
}

package io.hostkeeper.stack;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus in agent mode running a temp copy of the shipped {@code prometheus/agent/agent.yml}
 * for one pushed host. The copy differs only by: the addresses (the host's exporter, the central
 * receiver, all on 127.0.0.1), short intervals, and no worker job (pushed test hosts run no worker).
 * The host's name and site come from the environment, as the shipped unit sets them.
 */
final class PrometheusAgentUnderTest implements AutoCloseable {
  private final ChildProcess process;

  private PrometheusAgentUnderTest(ChildProcess process) {
    this.process = process;
  }

  /** The shipped agent.yml rewritten for a test (pure, so a test can check what the agent reads). */
  static String testConfig(int exporterPort, String receiverWriteUrl) {
    String yml = Repo.read(Repo.path("prometheus", "agent", "agent.yml"));
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "^( +)scrape_interval: .*$", "$1scrape_interval: 2s");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "^( +)scrape_timeout: .*$", "$1scrape_timeout: 1s");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "^( +)batch_send_deadline: .*$", "$1batch_send_deadline: 1s");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "\"127\\.0\\.0\\.1:29100\"", "\"127.0.0.1:" + exporterPort + "\"");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "(?s)  - job_name: hostkeeper-worker\n.*?(?=\n\n)", "");
    yml = AlertmanagerConfigRewrite.replaceLine(yml, "^( +- url: )\\S+", "$1" + receiverWriteUrl);
    return yml;
  }

  static PrometheusAgentUnderTest start(Path dir, String host, String site, int exporterPort, String receiverWriteUrl)
      throws IOException {
    Path bin = RealStack.require("prometheus", "prometheus");
    Files.createDirectories(dir);
    Path config = dir.resolve("agent.yml");
    Files.writeString(config, testConfig(exporterPort, receiverWriteUrl));
    int port = Poll.freePort();
    ChildProcess p = ChildProcess.start("agent-" + host, List.of(bin.toString(),
        "--enable-feature=agent,expand-external-labels", "--config.file=" + config,
        "--storage.agent.path=" + dir.resolve("wal"), "--web.listen-address=127.0.0.1:" + port, "--log.level=info"),
        dir, dir.resolve("agent.log"), Map.of("HOSTKEEPER_HOST", host, "HOSTKEEPER_SITE", site));
    Poll.until(Duration.ofSeconds(60), "agent of " + host + " ready", () -> {
      if (!p.alive()) throw new AssertionError("agent of " + host + " exited\n" + p.tail());
      return Json.get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200 ? Optional.of(true) : Optional.empty();
    }, p::tail);
    return new PrometheusAgentUnderTest(p);
  }

  String log() {
    return process.tail();
  }

  @Override
  public void close() {
    process.close();
  }
}

package io.hostkeeper.stack;

import io.hostkeeper.common.testing.RealStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Alertmanager (Debian 0.25) running a temp copy of the shipped {@code alertmanager/}
 * folder. The copy differs from the shipped file by the documented 0.25 rewrite
 * ({@link AlertmanagerConfigRewrite#forAlertmanager025}) and, for the test only, by
 * {@code global.telegram_api_url} pointing at the fake Telegram and by short group timings
 * (group_wait 1s, group_interval 2s) so a test does not wait minutes.
 */
final class AlertmanagerUnderTest implements AutoCloseable {
  static final String TEST_TOKEN = "123456:test-token_for-hostkeeper";

  final int port;
  final Path configFile;
  private final ChildProcess process;

  private AlertmanagerUnderTest(int port, Path configFile, ChildProcess process) {
    this.port = port;
    this.configFile = configFile;
    this.process = process;
  }

  /** The shipped config rewritten for 0.25 and pointed at {@code telegramApiUrl}, with short timings. */
  static String testConfig(String telegramApiUrl) {
    String yaml = AlertmanagerConfigRewrite.forAlertmanager025(
        Repo.read(Repo.path("alertmanager", "alertmanager.yml")), TEST_TOKEN);
    yaml = AlertmanagerConfigRewrite.replaceLine(yaml, "^global:\\s*$",
        "global:\n  telegram_api_url: " + telegramApiUrl);
    yaml = AlertmanagerConfigRewrite.replaceLine(yaml, "^( +)group_wait: .*$", "$1group_wait: 1s");
    yaml = AlertmanagerConfigRewrite.replaceLine(yaml, "^( +)group_interval: .*$", "$1group_interval: 2s");
    return yaml;
  }

  static AlertmanagerUnderTest start(Path dir, String telegramApiUrl) throws IOException {
    return start(dir, telegramApiUrl, List.of("--cluster.listen-address="));
  }

  /**
   * One node of a cluster, in {@code dir} (its own config copy, data and log): gossip on
   * 127.0.0.1:{@code clusterPort}, joining the nodes at {@code peerPorts}, with a short peer
   * timeout (how long a node waits for the one before it to send) so a test does not wait 15 s.
   */
  static AlertmanagerUnderTest startClustered(Path dir, String telegramApiUrl, int clusterPort, List<Integer> peerPorts,
                                              java.time.Duration peerTimeout) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("--cluster.listen-address=127.0.0.1:" + clusterPort,
        "--cluster.advertise-address=127.0.0.1:" + clusterPort, "--cluster.peer-timeout=" + peerTimeout.toSeconds() + "s"));
    for (int p : peerPorts) args.add("--cluster.peer=127.0.0.1:" + p);
    return start(dir, telegramApiUrl, args);
  }

  private static AlertmanagerUnderTest start(Path dir, String telegramApiUrl, List<String> clusterArgs) throws IOException {
    Path bin = RealStack.require("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
    Path conf = dir.resolve("alertmanager");
    Repo.copyTree(Repo.path("alertmanager"), conf);
    Path file = conf.resolve("alertmanager.yml");
    Files.writeString(file, testConfig(telegramApiUrl));
    int port = Poll.freePort();
    Files.createDirectories(dir.resolve("am-data"));
    List<String> argv = new java.util.ArrayList<>(List.of(bin.toString(),
        "--config.file=" + file, "--storage.path=" + dir.resolve("am-data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=debug"));
    argv.addAll(clusterArgs);
    ChildProcess p = ChildProcess.start("alertmanager", argv, dir, dir.resolve("alertmanager.log"));
    AlertmanagerUnderTest am = new AlertmanagerUnderTest(port, file, p);
    Poll.until(Duration.ofSeconds(30), "Alertmanager ready on port " + port, () -> {
      if (!p.alive()) throw new AssertionError("Alertmanager exited\n" + p.tail());
      return Json.get(am.url() + "/-/ready").statusCode() == 200 ? Optional.of(true) : Optional.empty();
    }, p::tail);
    return am;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String log() {
    return process.tail();
  }

  @Override
  public void close() {
    process.close();
  }
}

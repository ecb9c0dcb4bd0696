package io.hostkeeper.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.stack.HostkeeperProcess.App;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A newcomer's first minute, as the README tells it: the shipped examples pass both processes'
 * checks, and {@code ./run.sh --config examples/minimal.yml} serves both processes on the ports
 * the file names, prints those addresses, and stops both on Ctrl-C; a broken config shows every
 * problem of both processes and starts nothing.
 */
class QuickStartTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"minimal.yml", "compose.yml"})
  void theShippedStarterExamplesPassBothProcessesChecks(String example) {
    for (App app : App.values()) {
      List<String> argv = new ArrayList<>(HostkeeperProcess.command(app));
      argv.addAll(List.of("check-config", "--config", Repo.path("examples", example).toString()));
      Run.Result r = Run.run(dir, argv);
      assertEquals(0, r.exit(), app + " check-config of examples/" + example + ":\n" + r.output());
      assertTrue(r.output().contains(": valid"), r.output());
    }
  }

  @Test
  void runShOnTheMinimalExampleServesBothPrintsTheirAddressesAndStopsOnCtrlC() throws Exception {
    for (int port : new int[] {29100, 29101, 29102}) assertPortFree(port);
    Path home = sandbox();
    Path log = dir.resolve("run.log");
    Process p = new ProcessBuilder("bash", "run.sh", "--config", "examples/minimal.yml").directory(home.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Poll.until(Duration.ofSeconds(90), "run.sh printing the addresses", () -> {
        if (!p.isAlive()) throw new AssertionError("run.sh exited\n" + Repo.read(log));
        return Repo.read(log).contains("Ctrl-C stops both") ? Optional.of(true) : Optional.empty();
      }, () -> Repo.read(log));
      String out = Repo.read(log);
      assertTrue(out.contains("run.sh: exporter  http://127.0.0.1:29100/"), out);
      assertTrue(out.contains("run.sh: worker    http://127.0.0.1:29101/  (backups and jobs; metrics: /metrics)"), out);
      assertTrue(out.contains("run.sh: admin API http://127.0.0.1:29102/api"), out);
      assertTrue(out.contains("exporter check: examples/minimal.yml: valid"), out);
      assertTrue(out.contains("worker check:   examples/minimal.yml: valid"), out);
      Poll.until(Duration.ofSeconds(60), "both example services up", () -> {
        String metrics = Json.get("http://127.0.0.1:29100/metrics").body();
        return metrics.contains("hostkeeper_service_up{check=\"http\",service=\"hostkeeper-worker\"} 1.0")
            && metrics.contains("hostkeeper_service_up{check=\"process\",service=\"java\"} 1.0")
            ? Optional.of(true) : Optional.empty();
      }, () -> Repo.read(log));
      assertEquals(200, Json.get("http://127.0.0.1:29101/metrics").statusCode());

      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run.sh did not stop on SIGINT\n" + Repo.read(log));
      Poll.until(Duration.ofSeconds(30), "ports released after Ctrl-C",
          () -> isFree(29100) && isFree(29101) && isFree(29102) ? Optional.of(true) : Optional.empty(),
          () -> Repo.read(log));
      assertTrue(Files.isRegularFile(home.resolve("hostkeeper-data/state.db")), "the worker kept its state in ./hostkeeper-data");
    } finally {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void runShOnTheFullReferenceShowsEveryProblemOfBothProcessesAndStartsNothing() throws Exception {
    Path home = sandbox();
    Run.Result r = Run.run(home, List.of("bash", "run.sh", "--config", "examples/hostkeeper.yml"));
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("run.sh: exporter check: examples/hostkeeper.yml: services[5]"), r.output());
    assertTrue(r.output().contains("run.sh: worker check:   examples/hostkeeper.yml: backups[0].recipients[0]"), r.output());
    assertTrue(r.output().contains("not starting"), r.output());
    assertTrue(!r.output().contains("listening on"), "nothing was started:\n" + r.output());
  }

  /** {@code ./run.sh check-config}: the one command that checks the file for both processes; uses no port. */
  @Test
  void runShCheckConfigChecksBothProcessesAndStartsNothing() throws Exception {
    Path home = sandbox();
    Run.Result ok = Run.run(home, List.of("bash", "run.sh", "check-config", "--config", "examples/minimal.yml"));
    assertEquals(0, ok.exit(), ok.output());
    assertTrue(ok.output().contains("run.sh: exporter check: examples/minimal.yml: valid for the exporter"), ok.output());
    assertTrue(ok.output().contains("run.sh: worker check:   examples/minimal.yml: valid for the worker"), ok.output());
    assertTrue(ok.output().contains("run.sh: the configuration is valid for both processes"), ok.output());

    Run.Result bad = Run.run(home, List.of("bash", "run.sh", "check-config", "--config", "examples/hostkeeper.yml"));
    assertEquals(1, bad.exit(), bad.output());
    assertTrue(bad.output().contains("run.sh: exporter check: examples/hostkeeper.yml: services[5]"), bad.output());
    assertTrue(bad.output().contains("run.sh: worker check:   examples/hostkeeper.yml: backups[0].recipients[0]"), bad.output());
    assertTrue(!bad.output().contains("listening on"), "nothing was started:\n" + bad.output());
  }

  /** run.sh with the built jars in their places, and nothing that would make it rebuild. */
  private Path sandbox() throws IOException {
    Path home = Files.createDirectories(dir.resolve("checkout"));
    Files.copy(Repo.path("run.sh"), home.resolve("run.sh"));
    Repo.copyTree(Repo.path("packaging", "jvm"), Files.createDirectories(home.resolve("packaging/jvm")));
    Repo.copyTree(Repo.path("examples"), Files.createDirectories(home.resolve("examples")));
    for (App app : List.of(App.EXPORTER, App.WORKER)) { // run.sh starts these two
      Path jar = Repo.path(app.module, "target", app == App.EXPORTER ? "hostkeeper-exporter.jar" : "hostkeeper-worker.jar");
      assertTrue(Files.isRegularFile(jar), "build the jars first (./mvnw package): " + jar);
      Path target = Files.createDirectories(home.resolve(app.module).resolve("target"));
      Files.copy(jar, target.resolve(jar.getFileName()));
    }
    Files.createDirectories(home.resolve("common"));
    Files.writeString(home.resolve("pom.xml"), "<!-- older than the jars: run.sh does not rebuild -->\n");
    Files.setLastModifiedTime(home.resolve("pom.xml"), java.nio.file.attribute.FileTime.fromMillis(0));
    return home;
  }

  private static void assertPortFree(int port) {
    assertTrue(isFree(port), "port " + port + " is in use: the quick start needs 29100-29102 free");
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

package io.hostkeeper.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.exporter.collector.HostRoots;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a real child process: exit codes and one-line messages. */
class MainTest {
  record Result(int exit, String out, String err) {}

  static Result run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("HOSTKEEPER_CONFIG");
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("exporter did not exit: " + String.join(" ", args));
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static String[] fixtureArgs(String... more) {
    HostRoots r = TestConfigs.fixture("server");
    List<String> a = new ArrayList<>(List.of(more));
    a.addAll(List.of("--path.procfs", r.procfs().toString(), "--path.sysfs", r.sysfs().toString(), "--path.rootfs", r.rootfs().toString()));
    return a.toArray(String[]::new);
  }

  @Test
  void checkConfigValidIsExitZeroWithSummary(@TempDir Path dir) throws Exception {
    Path cfg = Files.writeString(dir.resolve("hostkeeper.yml"), "exporter:\n  collectors: {disable: [pressure]}\n");
    Result r = run(fixtureArgs("check-config", "--config", cfg.toString()));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("valid"), r.out());
  }

  @Test
  void checkConfigListsEveryErrorWithLineAndExitsOne(@TempDir Path dir) throws Exception {
    Path cfg = Files.writeString(dir.resolve("hostkeeper.yml"), "exporter:\n  collectors:\n    enable: [cpu, nosuch, alsonot]\n");
    Result r = run(fixtureArgs("check-config", "--config", cfg.toString()));
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("exporter.collectors.enable[1]: line 3: unknown collector \"nosuch\""), r.err());
    assertTrue(r.err().contains("exporter.collectors.enable[2]: line 3: unknown collector \"alsonot\""), r.err());
  }

  @Test
  void badConfigAtStartupIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path cfg = Files.writeString(dir.resolve("hostkeeper.yml"), "exporter:\n  max_staleness: soon\n");
    Result r = run(fixtureArgs("run", "--config", cfg.toString()));
    assertEquals(2, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("exporter.max_staleness: line 2"), r.err());
  }

  @Test
  void portInUseIsOneLineAndExitTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String addr = "127.0.0.1:" + taken.getLocalPort();
      Result r = run(fixtureArgs("--web.listen-address", addr));
      assertEquals(2, r.exit(), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("cannot listen on " + addr), r.err());
    }
  }

  @Test
  void helpAndVersion() throws Exception {
    Result help = run("--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("check-config") && help.out().contains("--path.procfs"), help.out());
    assertEquals(0, run("--version").exit());
  }
}

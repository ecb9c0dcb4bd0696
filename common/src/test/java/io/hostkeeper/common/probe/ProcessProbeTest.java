package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.ProcessCheck;
import io.hostkeeper.common.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcessProbeTest {

  static ServiceProbe process(String regex, int min, Optional<Path> procfs) {
    return ServiceProbes.create(new ServiceConfig("miner", new ServiceCheck(null, null, null,
        new ProcessCheck(Pattern.compile(regex), min), null, null), null), ProbeSettings.defaults().withProcfs(procfs));
  }

  static void pid(Path procfs, int pid, String comm, String... argv) throws Exception {
    Path dir = Files.createDirectories(procfs.resolve(String.valueOf(pid)));
    Files.writeString(dir.resolve("comm"), comm + "\n");
    Files.writeString(dir.resolve("cmdline"), argv.length == 0 ? "" : String.join("\0", argv) + "\0");
    Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S 1 " + pid + " " + pid + " 0 -1 4194560 1234 0 0 0 5 3 0 0 20 0 1 0 100\n");
  }

  @Test
  void matchesNameOrCommandLineInAFixtureProcfs(@TempDir Path procfs) throws Exception {
    pid(procfs, 1, "systemd", "/sbin/init", "splash");
    pid(procfs, 2, "kthreadd");
    pid(procfs, 812, "python3", "/usr/bin/python3", "/opt/bitaxe-autopilot/main.py", "--pool", "x");
    pid(procfs, 813, "bitaxe-autopilo", "/opt/bin/bitaxe-autopilot");
    Files.createDirectories(procfs.resolve("self"));
    Files.writeString(procfs.resolve("uptime"), "1 1\n");

    assertTrue(process("bitaxe-autopilot", 2, Optional.of(procfs)).check().up());
    ProbeResult three = process("bitaxe-autopilot", 3, Optional.of(procfs)).check();
    assertFalse(three.up());
    assertEquals("only 2 of at least 3 processes match /bitaxe-autopilot/", three.reason());
    assertTrue(process("^kthreadd$", 1, Optional.of(procfs)).check().up());
    // A zombie (exited, not reaped) does not count, even with a matching name.
    pid(procfs, 900, "bitaxe-autopilo");
    Files.writeString(procfs.resolve("900/stat"), "900 (bitaxe-autopilo) Z 813 900 900 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 200\n");
    assertFalse(process("bitaxe-autopilo", 3, Optional.of(procfs)).check().up());
    assertTrue(process("main\\.py --pool", 1, Optional.of(procfs)).check().up());
    ProbeResult none = process("^nginx", 1, Optional.of(procfs)).check();
    assertFalse(none.up());
    assertEquals("no process matches /^nginx/", none.reason());
  }

  @Test
  void stateTable() {
    assertEquals('S', ProcessProbe.state("1 (systemd) S 0 1 1 0 -1"));
    assertEquals('Z', ProcessProbe.state("77 (odd) name (x)) Z 1 77"));
    assertEquals('R', ProcessProbe.state("5 () R 1"));
    assertEquals(' ', ProcessProbe.state(""));
    assertEquals(' ', ProcessProbe.state("5 (cut)"));
  }

  @Test
  void missingProcfsIsDownWithAReason(@TempDir Path dir) {
    ProbeResult r = process("x", 1, Optional.of(dir.resolve("nope"))).check();
    assertFalse(r.up());
    assertTrue(r.reason().startsWith("cannot list processes under "), r.reason());
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void childProcessSeenThenGoneViaProcfs() throws Exception {
    childSeenThenGone(Optional.of(Path.of("/proc")));
  }

  @Test
  void childProcessSeenThenGoneViaProcessHandle() throws Exception {
    childSeenThenGone(Optional.empty());
  }

  private static void childSeenThenGone(Optional<Path> procfs) throws Exception {
    String marker = "3600.4" + ProcessHandle.current().pid();
    ServiceProbe p = process("sleep " + Pattern.quote(marker), 1, procfs);
    assertFalse(p.check().up());
    Process child = new ProcessBuilder("sleep", marker).start();
    try {
      assertTrue(p.check().up());
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertFalse(p.check().up());
  }
}

package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ServiceCheck;
import io.hostkeeper.common.config.CommandCheck;
import io.hostkeeper.common.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandProbeTest {

  static ServiceProbe command(Duration timeout, String... argv) {
    ProbeSettings settings = ProbeSettings.defaults();
    settings = new ProbeSettings(settings.procfs(), settings.systemctl(), settings.systemctlTimeout(), Duration.ofMillis(500));
    return ServiceProbes.create(new ServiceConfig("job", new ServiceCheck(null, null, null, null, null,
        new CommandCheck(List.of(argv), timeout)), null), settings);
  }

  @Test
  void exitZeroIsUp() {
    ProbeResult r = command(Duration.ofSeconds(10), "true").check();
    assertTrue(r.up(), r.reason());
  }

  @Test
  void nonZeroExitIsDownWithStatusAndLastOutputLine() {
    ProbeResult r = command(Duration.ofSeconds(10), "sh", "-c", "echo checking; echo 'disk full' >&2; exit 3").check();
    assertFalse(r.up());
    assertEquals("sh exited with status 3: disk full", r.reason());
  }

  @Test
  void missingCommandIsDown() {
    ProbeResult r = command(Duration.ofSeconds(10), "/nonexistent/hostkeeper-check").check();
    assertFalse(r.up());
    assertEquals("command not found: /nonexistent/hostkeeper-check", r.reason());
    assertEquals("command not found: no-such-command-hk", command(Duration.ofSeconds(10), "no-such-command-hk").check().reason());
  }

  @Test
  void chattyCommandDoesNotBlockOnAFullPipe() {
    // ~2 MB of output, far beyond a pipe buffer: must still finish and count as up.
    ProbeResult r = command(Duration.ofSeconds(60), "sh", "-c", "i=0; while [ $i -lt 2000 ]; do head -c 1000 /dev/zero | tr '\\0' x; echo; i=$((i+1)); done").check();
    assertTrue(r.up(), r.reason());
  }

  @Test
  void timeoutKillsTheWholeTree(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("child.pid");
    // The shell starts a grandchild that ignores nothing and sleeps; both must be gone afterwards.
    ProbeResult r = command(Duration.ofMillis(500), "sh", "-c", "sleep 300 & echo $! > " + pidFile + "; wait").check();
    assertFalse(r.up());
    assertEquals("sh timed out after 500ms and was killed", r.reason());
    assertGone(pidFile);
  }

  /** Polls (with a deadline) until the process whose pid the file holds has exited. */
  private static void assertGone(Path pidFile) throws Exception {
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (h.isPresent() && h.get().isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
    assertFalse(h.isPresent() && h.get().isAlive(), "process " + pid + " still alive");
  }

  @Test
  void termIgnoringCommandIsKilled(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("self.pid");
    ProbeResult r = command(Duration.ofMillis(300), "sh", "-c", "trap '' TERM; echo $$ > " + pidFile + "; while :; do sleep 1; done").check();
    assertFalse(r.up());
    assertGone(pidFile);
  }

  @Test
  void lastLineIsTrimmedAndBounded() {
    assertEquals("", CommandProbe.lastLine("  \n "));
    assertEquals(": b", CommandProbe.lastLine("a\nb\n\n"));
    assertEquals(203 + 2, CommandProbe.lastLine("x".repeat(500)).length());
  }
}

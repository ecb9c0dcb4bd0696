package io.hostkeeper.worker.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: success, non-zero exit, missing program, hang, a command ignoring SIGTERM. */
class RestartCommandRunnerTest {

  @TempDir Path dir;

  private RestartCommandRunner runner(Duration killGrace) {
    return new RestartCommandRunner(dir.resolve("scratch"), killGrace);
  }

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void successKeepsOutputOfBothStreams() throws Exception {
    Path s = script("ok.sh", "echo started; echo warning >&2; exit 0");
    CommandResult r = runner(Duration.ofSeconds(1)).run(List.of(s.toString()), Duration.ofSeconds(20));
    assertEquals("success", r.result());
    assertEquals(0, r.exitStatus());
    assertEquals("started\nwarning", r.outputTail());
    assertEquals("exit 0", r.describe());
    try (var files = Files.list(dir.resolve("scratch"))) {
      assertEquals(0, files.count(), "the output file is removed");
    }
  }

  @Test
  void argumentsAreNotInterpretedByAShell() throws Exception {
    Path s = script("args.sh", "for a in \"$@\"; do echo \"[$a]\"; done");
    CommandResult r = runner(Duration.ofSeconds(1))
        .run(List.of(s.toString(), "a b", "$(id)", ";", "*"), Duration.ofSeconds(20));
    assertEquals("[a b]\n[$(id)]\n[;]\n[*]", r.outputTail());
  }

  @Test
  void nonZeroExitIsAFailureWithItsStatusAndTail() throws Exception {
    Path s = script("bad.sh", "echo 'Job for web.service failed.'; exit 3");
    CommandResult r = runner(Duration.ofSeconds(1)).run(List.of(s.toString()), Duration.ofSeconds(20));
    assertEquals("failure", r.result());
    assertEquals(3, r.exitStatus());
    assertEquals("Job for web.service failed.", r.outputTail());
    assertEquals("exit 3", r.describe());
  }

  @Test
  void missingProgramIsAFailureNamingIt() {
    CommandResult r = runner(Duration.ofSeconds(1))
        .run(List.of(dir.resolve("no-such-restart").toString(), "web"), Duration.ofSeconds(5));
    assertFalse(r.started());
    assertEquals("failure", r.result());
    assertEquals(-1, r.exitStatus());
    assertTrue(r.startError().contains("no-such-restart"), r.startError());
    assertTrue(r.startError().contains("No such file"), r.startError());
    assertTrue(r.describe().startsWith("could not start: "), r.describe());
  }

  @Test
  void hangingCommandIsTerminatedAtItsTimeout() throws Exception {
    Path s = script("hang.sh", "echo waiting; exec sleep 30");
    CommandResult r = runner(Duration.ofSeconds(5)).run(List.of(s.toString()), Duration.ofSeconds(2));
    assertEquals("timeout", r.result());
    assertTrue(r.timedOut());
    assertFalse(r.killed(), "SIGTERM was enough");
    assertEquals("waiting", r.outputTail());
  }

  @Test
  void commandIgnoringTermIsKilledWithItsChildren() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path s = script("stubborn.sh", "trap '' TERM; sleep 30 & echo $! > " + pidFile + "; echo stubborn; wait");
    CommandResult r = runner(Duration.ofMillis(200)).run(List.of(s.toString()), Duration.ofSeconds(2));
    assertEquals("timeout", r.result());
    assertTrue(r.killed(), "SIGKILL after the grace");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child is gone too");
  }

  @Test
  void daemonLeftBehindHoldingStdoutDoesNotBlock() throws Exception {
    Path pidFile = dir.resolve("daemon.pid");
    Path s = script("daemon.sh", "sleep 30 & echo $! > " + pidFile + "; echo spawned; exit 0");
    try {
      CommandResult r = runner(Duration.ofSeconds(1)).run(List.of(s.toString()), Duration.ofSeconds(20));
      assertEquals("success", r.result());
      assertFalse(r.timedOut());
      assertEquals("spawned", r.outputTail());
    } finally {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void onlyTheTailOfLongOutputIsKept() throws Exception {
    Path s = script("loud.sh", "i=0; while [ $i -lt 2000 ]; do echo \"line $i\"; i=$((i+1)); done; exit 1");
    CommandResult r = runner(Duration.ofSeconds(1)).run(List.of(s.toString()), Duration.ofSeconds(20));
    assertTrue(r.outputTail().length() <= RestartCommandRunner.TAIL_BYTES + 1);
    assertTrue(r.outputTail().startsWith("…line "), r.outputTail().substring(0, 20));
    assertTrue(r.outputTail().endsWith("line 1999"));
  }

  @Test
  void outputLeftOverByAKilledWorkerIsRemovedAtTheFirstCommand() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    Path old = Files.writeString(scratch.resolve("restart-123.out"), "from a worker killed mid-restart");
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
    Path other = Files.writeString(scratch.resolve("keep.txt"), "not ours");
    Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
    runner(Duration.ofSeconds(1)).run(List.of(script("ok.sh", "exit 0").toString()), Duration.ofSeconds(20));
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(other));
  }
}

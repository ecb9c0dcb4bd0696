package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.probe.CommandRunner.Ending;
import io.hostkeeper.common.probe.CommandRunner.Invocation;
import io.hostkeeper.common.probe.CommandRunner.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file output mode with real child processes: both streams kept, no shell, a daemon left
 * behind does not block, only the tail is kept, the kill order (TERM to the tree, KILL after the
 * grace), the output file removed, and files a killed process left removed once.
 */
class CommandRunnerFileOutputTest {

  @TempDir Path dir;

  private CommandRunner runner(Duration killGrace) {
    return new CommandRunner(killGrace, 4096, dir.resolve("scratch"));
  }

  private CommandRunner.Result run(CommandRunner runner, Duration timeout, String... argv) {
    return runner.run(Invocation.of(List.of(argv), timeout, Output.FILE_TAIL));
  }

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void bothStreamsAreKeptAndTheOutputFileIsRemoved() throws Exception {
    Path s = script("ok.sh", "echo started; echo warning >&2; exit 0");
    CommandRunner.Result r = run(runner(Duration.ofSeconds(1)), Duration.ofSeconds(20), s.toString());
    assertEquals(Ending.EXITED, r.ending());
    assertEquals(0, r.exitCode());
    assertEquals("started\nwarning\n", r.output());
    assertFalse(r.cut());
    try (var files = Files.list(dir.resolve("scratch"))) {
      assertEquals(0, files.count(), "the output file is removed");
    }
  }

  @Test
  void argumentsAreNotInterpretedByAShell() throws Exception {
    Path s = script("args.sh", "for a in \"$@\"; do echo \"[$a]\"; done");
    CommandRunner.Result r = run(runner(Duration.ofSeconds(1)), Duration.ofSeconds(20), s.toString(), "a b", "$(id)", ";", "*");
    assertEquals("[a b]\n[$(id)]\n[;]\n[*]\n", r.output());
  }

  @Test
  void aMissingProgramIsNamedInTheOneWording() {
    String missing = dir.resolve("no-such-restart").toString();
    for (Output mode : Output.values()) {
      CommandRunner.Result r = runner(Duration.ofSeconds(1)).run(Invocation.of(List.of(missing, "web"), Duration.ofSeconds(5), mode));
      assertEquals(Ending.NOT_STARTED, r.ending(), mode.name());
      assertEquals(-1, r.exitCode());
      assertEquals("command not found: " + missing, r.problem(), mode.name());
    }
  }

  @Test
  void hangingCommandIsTerminatedAtItsTimeout() throws Exception {
    Path s = script("hang.sh", "echo waiting; exec sleep 30");
    CommandRunner.Result r = run(runner(Duration.ofSeconds(5)), Duration.ofSeconds(2), s.toString());
    assertEquals(Ending.TIMED_OUT, r.ending());
    assertFalse(r.killed(), "SIGTERM was enough");
    assertEquals("waiting\n", r.output());
  }

  @Test
  void commandIgnoringTermIsKilledWithItsChildrenInEveryMode() throws Exception {
    for (Output mode : Output.values()) {
      Path pidFile = dir.resolve("child-" + mode + ".pid");
      Path s = script("stubborn-" + mode + ".sh", "trap '' TERM; sleep 30 & echo $! > " + pidFile + "; echo stubborn; wait");
      CommandRunner.Result r = runner(Duration.ofMillis(200))
          .run(Invocation.of(List.of(s.toString()), Duration.ofSeconds(2), mode));
      assertEquals(Ending.TIMED_OUT, r.ending(), mode.name());
      assertTrue(r.killed(), "SIGKILL after the grace: " + mode);
      long child = Long.parseLong(Files.readString(pidFile).strip());
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (alive(child) && System.nanoTime() < deadline) Thread.sleep(20);
      assertFalse(alive(child), "the child is gone too: " + mode);
    }
  }

  @Test
  void daemonLeftBehindHoldingStdoutDoesNotBlock() throws Exception {
    Path pidFile = dir.resolve("daemon.pid");
    Path s = script("daemon.sh", "sleep 30 & echo $! > " + pidFile + "; echo spawned; exit 0");
    try {
      CommandRunner.Result r = run(runner(Duration.ofSeconds(1)), Duration.ofSeconds(20), s.toString());
      assertEquals(Ending.EXITED, r.ending());
      assertEquals(0, r.exitCode());
      assertEquals("spawned\n", r.output());
    } finally {
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void onlyTheTailOfLongOutputIsKeptFromALineStart() throws Exception {
    Path s = script("loud.sh", "i=0; while [ $i -lt 2000 ]; do echo \"line $i\"; i=$((i+1)); done; exit 1");
    CommandRunner.Result r = run(runner(Duration.ofSeconds(1)), Duration.ofSeconds(20), s.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.cut());
    assertTrue(r.output().length() <= 4096);
    assertTrue(r.output().startsWith("line "), r.output().substring(0, 20));
    assertTrue(r.output().endsWith("line 1999\n"));
    long expected = 0;
    for (int i = 0; i < 2000; i++) expected += ("line " + i + "\n").length();
    assertEquals(expected, r.outputBytes());
  }

  @Test
  void outputLeftOverByAKilledProcessIsRemovedAtTheFirstCommand() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    FileTime longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Path old = Files.writeString(scratch.resolve("output-123.out"), "from a process killed mid-command");
    Files.setLastModifiedTime(old, longAgo);
    Path other = Files.writeString(scratch.resolve("keep.txt"), "not ours");
    Files.setLastModifiedTime(other, longAgo);
    run(runner(Duration.ofSeconds(1)), Duration.ofSeconds(20), script("ok.sh", "exit 0").toString());
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(other));
  }

  @Test
  void fileOutputNeedsAnOutputDirectory() {
    CommandRunner noDir = new CommandRunner(Duration.ofSeconds(1), 64);
    assertThrows(IllegalStateException.class,
        () -> noDir.run(Invocation.of(List.of("true"), Duration.ofSeconds(5), Output.FILE_TAIL)));
  }
}

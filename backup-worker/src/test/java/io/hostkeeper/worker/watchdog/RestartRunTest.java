package io.hostkeeper.worker.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.probe.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A restart command on the shared runner, in the watchdog's words: result label, one line, tail, details. */
class RestartRunTest {

  @TempDir Path dir;

  private RestartRun run(Duration killGrace, Duration timeout, String... argv) {
    CommandRunner runner = RestartRun.runner(dir.resolve("scratch"), killGrace);
    return RestartRun.run(runner, List.of(argv), timeout);
  }

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      echo started; echo warning >&2; exit 0     | 0 | success | started\\nwarning
      echo 'Job for web.service failed.'; exit 3 | 3 | failure | Job for web.service failed.
      """)
  void anExitIsJudgedByItsStatusWithTheTailOfBothStreams(String body, int status, String result, String tail) throws Exception {
    Path s = script("cmd.sh", body);
    RestartRun r = run(Duration.ofSeconds(1), Duration.ofSeconds(20), s.toString());
    assertEquals(result, r.result());
    assertEquals(status, r.exitStatus());
    assertEquals(tail.replace("\\n", "\n"), r.outputTail());
    assertEquals("exit " + status, r.describe());
    Map<String, Object> d = r.details();
    assertEquals(List.of(s.toString()), d.get("argv"));
    assertEquals(status, d.get("exit_status"));
    assertEquals(false, d.get("timed_out"));
    assertFalse(d.containsKey("error"));
  }

  @Test
  void missingProgramIsAFailureNamingIt() {
    String missing = dir.resolve("no-such-restart").toString();
    RestartRun r = run(Duration.ofSeconds(1), Duration.ofSeconds(5), missing, "web");
    assertFalse(r.started());
    assertEquals("failure", r.result());
    assertEquals(-1, r.exitStatus());
    assertEquals("command not found: " + missing, r.startError());
    assertEquals("could not start: command not found: " + missing + " (check restart.command)", r.describe());
    assertEquals(r.startError(), r.details().get("error"));
  }

  @Test
  void hangingCommandIsATimeoutTerminated() throws Exception {
    Path s = script("hang.sh", "echo waiting; exec sleep 30");
    RestartRun r = run(Duration.ofSeconds(5), Duration.ofSeconds(2), s.toString());
    assertEquals("timeout", r.result());
    assertTrue(r.timedOut());
    assertFalse(r.killed());
    assertEquals("waiting", r.outputTail());
    assertTrue(r.describe().startsWith("timed out after ") && r.describe().endsWith(" (terminated)"), r.describe());
  }

  @Test
  void commandIgnoringTermIsATimeoutKilled() throws Exception {
    Path s = script("stubborn.sh", "trap '' TERM; echo stubborn; while :; do sleep 1; done");
    RestartRun r = run(Duration.ofMillis(200), Duration.ofSeconds(2), s.toString());
    assertEquals("timeout", r.result());
    assertTrue(r.killed());
    assertTrue(r.describe().endsWith(" (SIGTERM ignored, killed)"), r.describe());
    assertEquals(true, r.details().get("killed"));
  }

  @Test
  void aCutTailIsMarkedAndEndsWithTheLastLine() throws Exception {
    Path s = script("loud.sh", "i=0; while [ $i -lt 2000 ]; do echo \"line $i\"; i=$((i+1)); done; exit 1");
    RestartRun r = run(Duration.ofSeconds(1), Duration.ofSeconds(20), s.toString());
    assertTrue(r.outputTail().length() <= RestartRun.TAIL_BYTES + 1);
    assertTrue(r.outputTail().startsWith("…line "), r.outputTail().substring(0, 20));
    assertTrue(r.outputTail().endsWith("line 1999"));
  }
}

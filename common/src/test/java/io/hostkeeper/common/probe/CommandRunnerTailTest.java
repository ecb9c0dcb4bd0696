package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.probe.CommandRunner.Ending;
import io.hostkeeper.common.probe.CommandRunner.Invocation;
import io.hostkeeper.common.probe.CommandRunner.Output;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's invocation form: tail, head or file tail of the output, every byte counted, directory and environment. */
class CommandRunnerTailTest {
  @TempDir Path dir;
  final CommandRunner runner = new CommandRunner(Duration.ofSeconds(2), 64);
  static final String LINES = "for i in $(seq 1 100); do echo line $i; done";

  @Test
  void tailKeepsTheLastLinesFromALineStart() {
    CommandRunner.Result r = runner.run(new Invocation(List.of("sh", "-c", LINES), Duration.ofSeconds(30), null, Map.of(), Output.TAIL));
    assertEquals(Ending.EXITED, r.ending());
    assertTrue(r.output().startsWith("line "), r.output());
    assertTrue(r.output().endsWith("line 99\nline 100\n"), r.output());
    assertTrue(r.output().length() <= 64, r.output());
    assertEquals(9 * 7 + 90 * 8 + 9, r.outputBytes());
  }

  @Test
  void headKeepsTheFirstBytesAsBefore() {
    CommandRunner.Result r = runner.run(List.of("sh", "-c", LINES), Duration.ofSeconds(30));
    assertEquals(64, r.output().length());
    assertTrue(r.output().startsWith("line 1\nline 2\n"), r.output());
    assertEquals(9 * 7 + 90 * 8 + 9, r.outputBytes());
  }

  @Test
  void shortOutputIsWholeInEveryMode() {
    CommandRunner withFiles = new CommandRunner(Duration.ofSeconds(2), 64, dir.resolve("out"));
    for (Output mode : Output.values()) {
      CommandRunner.Result r = withFiles.run(new Invocation(List.of("sh", "-c", "echo \"$HK_X\"; pwd"), Duration.ofSeconds(30), dir, Map.of("HK_X", "y"), mode));
      assertEquals("y\n" + dir + "\n", r.output());
    }
  }

  @Test
  void aMissingWorkingDirectoryIsNamedNotMistakenForAMissingProgram() {
    CommandRunner.Result r = runner.run(new Invocation(List.of("sh", "-c", "true"), Duration.ofSeconds(30), dir.resolve("gone"), Map.of(), Output.TAIL));
    assertEquals(Ending.NOT_STARTED, r.ending());
    assertEquals("working directory not found: " + dir.resolve("gone"), r.problem());
  }
}

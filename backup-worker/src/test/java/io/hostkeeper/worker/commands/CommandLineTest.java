package io.hostkeeper.worker.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void argvIsKeptAsIsOrPrefixedWithRunuser() {
    assertEquals(List.of("/usr/bin/apt-get", "update"), CommandLine.argv(List.of("/usr/bin/apt-get", "update"), null));
    assertEquals(List.of(CommandLine.RUNUSER, "-u", "nobody", "--", "/opt/health", "--quick"),
        CommandLine.argv(List.of("/opt/health", "--quick"), "nobody"));
  }

  @Test
  void lastLinesTable() {
    assertEquals(List.of(), CommandLine.lastLines("", 3));
    assertEquals(List.of(), CommandLine.lastLines(null, 3));
    assertEquals(List.of("a"), CommandLine.lastLines("a\n", 3));
    assertEquals(List.of("b", "c", "d"), CommandLine.lastLines("a\nb\nc\nd\n", 3));
    assertEquals(List.of("c", "d"), CommandLine.lastLines("a\r\nb\r\nc\r\nd", 2));
    assertEquals(List.of("x", ""), CommandLine.lastLines("x\n\n", 2));
  }

  @Test
  void lastLineSkipsBlankLines() {
    assertEquals("error: disk full", CommandLine.lastLine(List.of("ok", "error: disk full", "  ", "")));
    assertEquals("", CommandLine.lastLine(List.of(" ")));
  }
}

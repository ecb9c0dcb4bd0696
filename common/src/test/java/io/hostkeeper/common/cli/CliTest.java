package io.hostkeeper.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class CliTest {
  record Result(int code, String out, String err) {}

  static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute("hostkeeper-exporter", command, new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Command(name = "serve")
  static class Serve implements Callable<Integer> {
    @Mixin CommonOptions common;
    RuntimeException toThrow;

    @Override
    public Integer call() {
      if (toThrow != null) throw toThrow;
      common.loadConfig();
      return 0;
    }
  }

  @Test
  void aStartupFailureIsOneLineAndExitTwo() {
    Serve serve = new Serve();
    serve.toThrow = new StartupFailure("port 29100 on 0.0.0.0 is already in use; stop the other process or set exporter.listen",
        new java.net.BindException("Address already in use"));
    Result r = run(serve);
    assertEquals(2, r.code());
    assertEquals("hostkeeper-exporter: error: port 29100 on 0.0.0.0 is already in use; stop the other process or set exporter.listen"
        + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void aStartupFailureWrappedInAnotherExceptionIsStillOneLine() {
    Serve serve = new Serve();
    serve.toThrow = new IllegalStateException("wrapper", new StartupFailure("data directory /x is not writable"));
    Result r = run(serve);
    assertEquals(2, r.code());
    assertEquals("hostkeeper-exporter: error: data directory /x is not writable", r.err().strip());
  }

  @Test
  void anUnreadableConfigAtStartupIsOneLine(@TempDir Path dir) {
    Result r = run(new Serve(), "--config", dir.resolve("nope.yml").toString());
    assertEquals(2, r.code());
    assertEquals("hostkeeper-exporter: error: config file " + dir.resolve("nope.yml") + " does not exist", r.err().strip());
  }

  @Test
  void anInvalidConfigAtStartupListsEveryError(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hk.yml"), "exporter:\n  listen: x\n  max_staleness: y\n");
    Result r = run(new Serve(), "--config", file.toString());
    assertEquals(2, r.code());
    assertEquals(List.of(
        "hostkeeper-exporter: error: invalid configuration in " + file + " (2 errors)",
        "  exporter.listen: line 2: expected host:port, e.g. 127.0.0.1:29100, got \"x\"",
        "  exporter.max_staleness: line 3: expected a duration such as 90s, 15m or 2h, got \"y\""), r.err().lines().toList());
  }

  @Test
  void aBugStillShowsItsStackTrace() {
    Serve serve = new Serve();
    serve.toThrow = new NullPointerException("bug");
    Result r = run(serve);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("java.lang.NullPointerException: bug"), r.err());
  }

  @Test
  void usageErrorsExitTwoWithTheUsage() {
    Result r = run(new Serve(), "--log-format", "xml");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Invalid value for option '--log-format'"), r.err());
    assertTrue(r.err().contains("expected text or json, got 'xml'"), r.err());
    assertTrue(r.err().contains("Usage: hostkeeper-exporter"), r.err());
  }

  @Test
  void checkConfigSummarisesAValidFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), """
        services:
          - {name: a, check: {systemd: {unit: a}}}
          - {name: b, check: {tcp: {address: "127.0.0.1:1"}}}
        backups:
          - {name: a, schedule: "@daily", sources: [{path: /a}], recipients: [/k.asc], destination: /d}
        logs:
          - {path: /var/log/x.log}
        databases:
          - {path: /x.db}
        """);
    Result r = run(new CheckConfigCommand(), "--config", file.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(file + ": valid (2 services, 1 backup, 1 log, 1 database)", r.out().strip());
    assertEquals("", r.err());
  }

  @Test
  void theValidLineSaysWhoCheckedAndWhereTheRestIsChecked(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), "logs:\n  - {path: /var/log/x.log}\n");
    Result r = run(new CheckConfigCommand("the exporter", "the worker's checks: hostkeeper-worker check-config",
        loaded -> List.of()), "--config", file.toString());
    assertEquals(file + ": valid for the exporter (0 services, 0 backups, 1 log, 0 databases);"
        + " the worker's checks: hostkeeper-worker check-config", r.out().strip());
  }

  @Test
  void checkConfigCountsCommandsAndCleanupsWhenThereAreSome(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), """
        commands:
          - {name: a, schedule: "@daily", command: [/bin/true]}
          - {name: b, schedule: "@daily", command: [/bin/true]}
        cleanup:
          - {name: t, paths: ["/var/tmp/app-*"], older_than: 7d}
        """);
    Result r = run(new CheckConfigCommand(), "--config", file.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(file + ": valid (0 services, 0 backups, 0 logs, 0 databases, 2 commands, 1 cleanup)", r.out().strip());
  }

  @Test
  void checkConfigListsEveryErrorAndExitsOne(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hostkeeper.yml"), "exporter:\n  listen: x\n  max_stalenes: 1s\n");
    Result r = run(new CheckConfigCommand(), "--config", file.toString());
    assertEquals(1, r.code());
    assertEquals(List.of(
        file + ": exporter.listen: line 2: expected host:port, e.g. 127.0.0.1:29100, got \"x\"",
        file + ": exporter.max_stalenes: line 3: unknown key; did you mean max_staleness?",
        file + ": invalid (2 errors)"), r.err().lines().toList());
    assertEquals("", r.out());
  }

  @Test
  void checkConfigRunsTheExtraChecksWithLines(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hk.yml"), "worker:\n  admin:\n    token_file: /missing/token\n");
    CheckConfigCommand check = new CheckConfigCommand(loaded -> Files.exists(loaded.config().worker().admin().tokenFile())
        ? List.of()
        : List.of(loaded.errorAt("worker.admin.token_file", "file not found: " + loaded.config().worker().admin().tokenFile())));
    Result r = run(check, "--config", file.toString());
    assertEquals(1, r.code());
    assertEquals(file + ": worker.admin.token_file: line 3: file not found: /missing/token", r.err().lines().findFirst().orElseThrow());
  }

  @Test
  void checkConfigReportsAMissingFile(@TempDir Path dir) {
    Result r = run(new CheckConfigCommand(), "--config", dir.resolve("x.yml").toString());
    assertEquals(1, r.code());
    assertEquals("config file " + dir.resolve("x.yml") + " does not exist", r.err().lines().findFirst().orElseThrow());
    assertFalse(r.err().contains("Exception"));
  }

  @Test
  void errorsSortByLineAcrossBindingAndExtraChecks() {
    List<ConfigError> sorted = new java.util.ArrayList<>(List.of(new ConfigError("b", 9, "m"), new ConfigError("a", 2, "m")));
    sorted.sort(java.util.Comparator.comparingInt(ConfigError::line));
    assertEquals("a", sorted.get(0).path());
  }

  @Command(name = "hostkeeper-exporter", mixinStandardHelpOptions = true)
  static class Top implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
      return 0;
    }
  }

  @Test
  void checkConfigWorksAsASubcommand(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hk.yml"), "services:\n  - {name: a, check: {systemd: {unit: a}}}\n");
    picocli.CommandLine top = new picocli.CommandLine(new Top()).addSubcommand(new CheckConfigCommand(loaded -> List.of()));
    Result r = run(top, "check-config", "--config", file.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(file + ": valid (1 service, 0 backups, 0 logs, 0 databases)", r.out().strip());
    Result help = run(new picocli.CommandLine(new Top()).addSubcommand(new CheckConfigCommand()), "check-config", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--config=FILE"), help.out());
    assertTrue(help.out().contains("--log-format=FORMAT"), help.out());
  }

  @Test
  void configGivenBeforeTheSubcommandCounts(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("hk.yml"), "logs:\n  - {path: /var/log/x.log}\n");
    picocli.CommandLine top = new picocli.CommandLine(new Top()).addSubcommand(new CheckConfigCommand());
    Result r = run(top, "--config", file.toString(), "check-config");
    assertEquals(0, r.code(), r.err());
    assertEquals(file + ": valid (0 services, 0 backups, 1 log, 0 databases)", r.out().strip());
  }

  @Test
  void aStartupFailureInASubcommandIsOneLine() {
    Serve serve = new Serve();
    serve.toThrow = new StartupFailure("data directory /x is not writable");
    picocli.CommandLine top = new picocli.CommandLine(new Top()).addSubcommand("serve", serve);
    Result r = run(top, "serve");
    assertEquals(2, r.code());
    assertEquals("hostkeeper-exporter: error: data directory /x is not writable" + System.lineSeparator(), r.err());
  }
}

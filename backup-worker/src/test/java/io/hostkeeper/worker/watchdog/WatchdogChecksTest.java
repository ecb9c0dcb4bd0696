package io.hostkeeper.worker.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogChecksTest {

  @TempDir Path dir;

  @Test
  void restartProgramsMustExistAndBeExecutable() throws Exception {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path ok = Files.writeString(bin.resolve("restart-web"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(ok, PosixFilePermissions.fromString("rwx------"));
    Path notExec = Files.writeString(bin.resolve("plain"), "x");
    String yaml = """
        exporter:
          paths: {systemctl: %s}
        services:
          - name: a
            check: {tcp: {address: "127.0.0.1:1"}}
            restart: {command: ["%s", "now"]}
          - name: b
            check: {tcp: {address: "127.0.0.1:1"}}
            restart: {command: ["%s"]}
          - name: c
            check: {tcp: {address: "127.0.0.1:1"}}
            restart: {command: ["%s"]}
          - name: d
            check: {systemd: {unit: d.service}}
            restart: {}
          - name: e
            check: {tcp: {address: "127.0.0.1:1"}}
            restart: {command: ["restart-web"]}
          - name: f
            check: {tcp: {address: "127.0.0.1:1"}}
            restart: {command: ["no-such-program"]}
          - name: g
            check: {tcp: {address: "127.0.0.1:1"}}
        """.formatted(dir.resolve("missing-systemctl"), ok, notExec, dir.resolve("gone"));
    LoadedConfig loaded = ConfigLoader.parse(yaml, "test.yml", n -> null);
    List<String> errors = WatchdogChecks.check(loaded, bin.toString()).stream().map(ConfigError::toString).toList();
    assertEquals(List.of(
        "services[1].restart.command: line 9: restart program is not executable: " + notExec,
        "services[2].restart.command: line 12: restart program not found: " + dir.resolve("gone"),
        "services[3].restart: line 15: restart program not found: " + dir.resolve("missing-systemctl")
            + " (the default restart of a systemd check uses exporter.paths.systemctl; set it, or give restart.command)",
        "services[5].restart.command: line 21: restart program no-such-program is not on PATH (" + bin + "); give its absolute path"),
        errors);
  }
}

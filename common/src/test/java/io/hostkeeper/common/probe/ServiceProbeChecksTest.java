package io.hostkeeper.common.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProbeChecksTest {

  @Test
  void reportsUnbuildableProbesAndMissingProgramsWithTheirLines(@TempDir Path dir) throws Exception {
    Path tool = Files.writeString(dir.resolve("check-queue"), "#!/bin/sh\nexit 0\n");
    assertEquals(true, tool.toFile().setExecutable(true));
    Path notExecutable = Files.writeString(dir.resolve("plain"), "x");
    String yaml = String.join("\n",
        "services:",
        "  - name: web",
        "    check: {http: {url: \"ftp://example.org/\"}}",
        "  - name: ok",
        "    check: {http: {url: \"http://127.0.0.1:8080/health\"}}",
        "  - name: queue",
        "    check: {command: {command: [check-queue, --fast]}}",
        "  - name: gone",
        "    check: {command: {command: [/nonexistent/bin/check]}}",
        "  - name: plain",
        "    check: {command: {command: [" + notExecutable + "]}}",
        "  - name: db",
        "    check: {tcp: {address: \"127.0.0.1:0\"}}",
        "");
    LoadedConfig loaded = ConfigLoader.parse(yaml, "test.yml");
    List<String> errors = ServiceProbeChecks.check(loaded, dir.toString()).stream().map(Object::toString).toList();
    assertEquals(List.of(
        "services[0].check.http: line 3: http check of web: URL must start with http:// or https://, got ftp://example.org/",
        "services[3].check.command.command: line 9: check program not found: /nonexistent/bin/check",
        "services[4].check.command.command: line 11: check program is not executable: " + notExecutable,
        "services[5].check.tcp: line 13: tcp check of db: port 0 cannot be connected to"), errors);
    assertEquals("check program check-queue is not on PATH; give its absolute path",
        ServiceProbeChecks.programProblem("check-queue", "/nonexistent"));
  }
}

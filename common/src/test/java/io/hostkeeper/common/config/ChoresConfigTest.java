package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** commands: and cleanup: bind with their defaults, and their rules name the YAML path and line. */
class ChoresConfigTest {
  static LoadedConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "hk.yml", n -> null);
  }

  static List<String> errors(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void defaultsBind() {
    HostkeeperConfig c = parse("""
        commands:
          - name: health
            schedule: "@hourly"
            command: [/usr/local/bin/health]
            env: {A: b}
        cleanup:
          - name: tmp
            paths: ["/var/tmp/app-*"]
            older_than: 7d
        """).config();
    CommandConfig cmd = c.commands().get(0);
    assertEquals(Duration.ofMinutes(10), cmd.timeout());
    assertEquals(Map.of("A", "b"), cmd.env());
    assertEquals(List.of(), cmd.onFailure());
    assertNull(cmd.user());
    CleanupConfig cl = c.cleanup().get(0);
    assertEquals("@daily", cl.schedule().expression());
    assertEquals(false, cl.dryRun());
    assertNull(cl.maxDeletions());
    assertEquals(Path.of("/var/tmp"), CleanupGlob.parse(cl.paths().get(0)).root());
  }

  @Test
  void rulesNameTheKeyAndLine() {
    assertEquals(List.of("commands[0].max_runtime: line 5: must be shorter than timeout (1m), which already kills the command; raise timeout or lower max_runtime"),
        errors("""
            commands:
              - name: x
                schedule: "@daily"
                command: [/bin/true]
                max_runtime: 2m
                timeout: 1m
            """));
    assertEquals(List.of("commands[0].command: line 4: needs the program and its arguments, e.g. [\"/usr/bin/apt-get\", \"update\"]"),
        errors("""
            commands:
              - name: x
                schedule: "@daily"
                command: []
            """));
    assertEquals(List.of("commands[1].name: line 6: name \"x\" is already used by commands[0]; names must be unique"),
        errors("""
            commands:
              - name: x
                schedule: "@daily"
                command: [/bin/true]
              - schedule: "@daily"
                name: x
                command: [/bin/true]
            """));
    assertEquals(List.of("cleanup[0].max_deletions: line 5: must be at least 1 (leave it out for no limit)"),
        errors("""
            cleanup:
              - name: t
                paths: ["/var/tmp/*"]
                older_than: 1d
                max_deletions: 0
            """));
  }

  @Test
  void globRootsAndDepths() {
    Object[][] table = {
        {"/var/tmp/app-*", "/var/tmp", 1},
        {"/var/tmp/*/cache", "/var/tmp", 2},
        {"/srv/app/tmp/**", "/srv/app/tmp", -1},
        {"/tmp/x?y/z", "/tmp", 2},
        {"/tmp/{a,b}", "/tmp", 1},
    };
    for (Object[] row : table) {
      CleanupGlob g = CleanupGlob.parse((String) row[0]);
      assertEquals(Path.of((String) row[1]), g.root(), (String) row[0]);
      assertEquals(row[2], g.depth(), (String) row[0]);
    }
    assertEquals(true, CleanupGlob.parse("/var/tmp/app-*").matcher().matches(Path.of("/var/tmp/app-1")));
    assertEquals(false, CleanupGlob.parse("/var/tmp/app-*").matcher().matches(Path.of("/var/tmp/app-1/x")));
  }
}

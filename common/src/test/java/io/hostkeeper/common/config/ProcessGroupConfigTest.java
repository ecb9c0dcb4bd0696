package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** exporter.process_groups and exporter.paths.kmsg as the binder reads them. */
class ProcessGroupConfigTest {

  static List<String> errors(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yml"));
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void defaultsAreNoGroupsAndTheKernelLogDevice() {
    ExporterConfig c = ConfigLoader.parse("", "t.yml").config().exporter();
    assertEquals(List.of(), c.processGroups());
    assertEquals(Path.of("/dev/kmsg"), c.paths().kmsg());
  }

  @Test
  void groupsBindWithMatchOnDefaultingToCmdline() {
    ExporterConfig c = ConfigLoader.parse("""
        exporter:
          paths: {kmsg: /tmp/kmsg}
          process_groups:
            - {name: nginx, match: "^nginx: "}
            - {name: pg, match: "^postgres$", match_on: comm}
        """, "t.yml").config().exporter();
    assertEquals(Path.of("/tmp/kmsg"), c.paths().kmsg());
    assertEquals(2, c.processGroups().size());
    assertEquals(ProcessGroupConfig.MatchOn.CMDLINE, c.processGroups().get(0).matchOn());
    assertEquals(ProcessGroupConfig.MatchOn.COMM, c.processGroups().get(1).matchOn());
    assertEquals("^postgres$", c.processGroups().get(1).match().pattern());
  }

  @Test
  void duplicateNamesBadNamesMissingAndBadPatternsAreErrorsWithTheirLines() {
    assertEquals(List.of("exporter.process_groups[1].name: line 5: duplicate process group name \"web\"; each group needs its own name"),
        errors("""
            exporter:
              process_groups:
                - name: web
                  match: nginx
                - name: web
                  match: apache
            """));
    List<String> bad = errors("""
        exporter:
          process_groups:
            - {name: "has space", match: x}
            - {match: y}
            - {name: ok, match: "("}
            - {name: ok2, match: z, match_on: argv}
        """);
    assertEquals(4, bad.size(), bad.toString());
    assertEquals("exporter.process_groups[0].name: line 3: must be 1-64 characters of letters, digits, '_', '.', ':' or '-'",
        bad.get(0));
  }
}

package io.hostkeeper.common.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.HostkeeperConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigDiffTest {
  static final String BACKUP = "  - {name: %s, schedule: '%s', sources: [{path: /a}], recipients: [/k.asc], destination: /d}\n";

  static HostkeeperConfig config(String yaml) {
    return ConfigLoader.parse(yaml, "t", n -> n.equals("TOKEN") ? "s3cret-value" : null).config();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("nothing", "exporter: {max_staleness: 1s}\n", "exporter: {max_staleness: 1s}\n", List.of()),
        Arguments.of("keys of a section", "exporter: {max_staleness: 1s}\n",
            "exporter: {max_staleness: 2s, listen: ':1', filesystems: {fs_types_exclude: '^x$'}}\n",
            List.of("exporter: listen, max_staleness, filesystems changed")),
        Arguments.of("items by name", "backups:\n" + BACKUP.formatted("a", "@daily") + BACKUP.formatted("b", "@daily"),
            "backups:\n" + BACKUP.formatted("b", "@weekly") + BACKUP.formatted("c", "@daily"),
            List.of("backups: added c; removed a; changed b")),
        Arguments.of("logs by path", "logs:\n  - {path: /var/log/a.log}\n", "logs:\n  - {path: /var/log/b.log}\n",
            List.of("logs: added /var/log/b.log; removed /var/log/a.log")),
        Arguments.of("secret changed, value never shown", "worker: {admin: {listen: ':5'}}\n",
            "worker: {admin: {listen: ':5', token: '${env:TOKEN}'}}\n", List.of("worker: admin changed")),
        Arguments.of("two sections", "services: []\n", "services:\n  - {name: web, check: {systemd: {unit: web}}}\nworker: {history_retention: 10d}\n",
            List.of("services: added web", "worker: history_retention changed")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void describesWhatChanged(String name, String before, String after, List<String> expected) {
    assertEquals(expected, ConfigDiff.between(config(before), config(after)));
  }
}

package io.hostkeeper.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which start-up problems refuse one entry's job and which refuse the worker. */
class StartRefusalsTest {
  private static final LoadedConfig LOADED = ConfigLoader.parse("""
      services:
        - name: web
          check: {tcp: {address: "127.0.0.1:1"}}
          restart: {command: ["/bin/true"]}
        - name: db
          check: {tcp: {address: "127.0.0.1:2"}}
      logs:
        - {path: /var/log/a.log}
        - {path: /var/log/b.log}
      databases:
        - {path: /var/lib/app/data.db}
      """, "test.yml", name -> null);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "logs[1].path, logs1",
      "logs[0].create.owner, logs0",
      "databases[0].path, db0",
      "services[0].restart.command, restart0",
      "services[0].restart, restart0",
      "services[0].check.tcp, global",
      "services[1].restart, global",
      "logs[7].path, global",
      "worker.data_dir, global",
      "worker.admin.token_file, global",
      "'', global",
      "logsx[0].path, global",
  })
  void sortsByTheEntryThePathPointsInto(String path, String expected) {
    HostkeeperConfig c = LOADED.config();
    StartRefusals r = StartRefusals.sort(c, List.of(new ConfigError(path, 3, "broken")));
    if (expected.equals("global")) {
      assertEquals(1, r.global().size());
      assertEquals(0, r.items().size());
      return;
    }
    Object item = switch (expected) {
      case "logs0" -> c.logs().get(0);
      case "logs1" -> c.logs().get(1);
      case "db0" -> c.databases().get(0);
      default -> c.services().get(0).restart();
    };
    assertEquals(List.of(), r.global());
    assertEquals(1, r.items().size());
    assertSame(item, r.items().keySet().iterator().next());
    assertEquals(List.of(path + ": line 3: broken"), r.items().get(item));
  }
}

package io.hostkeeper.worker.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.worker.sqlite.SqliteChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogChecksTest {
  @TempDir Path dir;

  @Test
  void reportsEachProblemAtItsPathAndLine() throws Exception {
    Files.createDirectory(dir.resolve("adir"));
    Files.writeString(dir.resolve("notes.db"), "plain text, not a database");
    String yaml = """
        logs:
          - path: %1$s/app.log
            post_rotate: ["no-such-program-hk", "x"]
          - path: %1$s/missing/app.log
          - path: %1$s/adir
            create: {owner: no_such_user_hk, group: no_such_group_hk}
          - path: %1$s/missing/*.log
            missing_ok: true
        databases:
          - path: %1$s/notes.db
        """.formatted(dir);
    LoadedConfig loaded = ConfigLoader.parse(yaml, "test.yml");
    List<String> errors = LogChecks.check(loaded).stream().map(ConfigError::toString).toList();
    assertEquals(List.of(
        "logs[0].post_rotate: line 3: program no-such-program-hk not found or not executable on PATH",
        "logs[1].path: line 4: directory " + dir + "/missing does not exist (set missing_ok: true if it appears later)",
        "logs[2].path: line 5: " + dir + "/adir is a directory; give a log file or a glob such as " + dir + "/adir/*.log",
        "logs[2].create.owner: line 6: no such user: no_such_user_hk",
        "logs[2].create.group: line 6: no such group: no_such_group_hk"), errors);
    assertEquals(List.of("databases[0].path: line 10: " + dir + "/notes.db is not an SQLite 3 database (its header is not \"SQLite format 3\")"),
        SqliteChecks.check(loaded).stream().map(ConfigError::toString).toList());
  }
}

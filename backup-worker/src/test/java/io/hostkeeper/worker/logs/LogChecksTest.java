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
          - path: %1$s/missing/*.txt
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

  @Test
  void runAsNamesAnExistingUserAndGroupAndNeedsARootWorker() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.hostkeeper.common.fs.FsIdentity.unavailable() == null, "run_as needs Linux");
    String yaml = """
        logs:
          - path: %1$s/a.log
            run_as: {user: no_such_user_hk}
          - path: %1$s/b.log
            run_as: {user: nobody, group: no_such_group_hk}
          - path: %1$s/c.log
            run_as: {user: nobody}
        """.formatted(dir);
    LoadedConfig loaded = ConfigLoader.parse(yaml, "test.yml");
    List<String> asRoot = LogChecks.check(loaded, 0).stream().map(ConfigError::toString).toList();
    assertEquals(List.of(
        "logs[0].run_as.user: line 3: no such user: no_such_user_hk",
        "logs[1].run_as.group: line 5: no such group: no_such_group_hk"), asRoot);
    List<String> asUser = LogChecks.check(loaded, 1000).stream().map(ConfigError::toString).toList();
    assertEquals("logs[2].run_as: line 7: only a worker running as root can act as nobody (this one runs as uid 1000);"
        + " run the worker as root, or remove run_as", asUser.get(2));
    assertEquals(2, LogChecks.check(loaded, 65534).size(), "a worker running as nobody may name itself");
  }

  @Test
  void twoEntriesClaimingTheSameFileAreRefused() throws Exception {
    Files.createDirectory(dir.resolve("tlogs"));
    Files.writeString(dir.resolve("tlogs/fast.log"), "x\n");
    Files.writeString(dir.resolve("tlogs/a-slow.txt"), "x\n");
    String yaml = """
        logs:
          - path: %1$s/tlogs/*.log
          - path: %1$s/tlogs/fast.log
          - path: %1$s/tlogs/fast*.log
          - path: %1$s/tlogs/*.txt
          - path: %1$s/tlogs/a-*
          - path: %1$s/other/*.log
            missing_ok: true
          - path: %1$s/other/*.log
            missing_ok: true
        """.formatted(dir);
    LoadedConfig loaded = ConfigLoader.parse(yaml, "test.yml");
    List<String> errors = LogChecks.check(loaded).stream().map(ConfigError::toString).toList();
    String tail = "; a file must belong to one entry (a second one would shift the first one's rotations): narrow one of the paths";
    assertEquals(List.of(
        "logs[1].path: line 3: " + dir + "/tlogs/fast.log overlaps logs[0] (" + dir + "/tlogs/*.log)" + tail,
        "logs[2].path: line 4: " + dir + "/tlogs/fast*.log overlaps logs[0] (" + dir + "/tlogs/*.log)" + tail,
        "logs[4].path: line 6: " + dir + "/tlogs/a-* matches " + dir.toRealPath() + "/tlogs/a-slow.txt, which logs[3] ("
            + dir + "/tlogs/*.txt) matches too" + tail,
        "logs[6].path: line 9: " + dir + "/other/*.log the same path as logs[5]" + tail), errors);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "/l/*.log    | /l/fast.log    | true",
      "/l/*.log    | /l/*.log       | true",
      "/l/a.log    | /l/./a.log     | true",
      "/l/*.log    | /m/fast.log    | false",
      "/l/*.log    | /l/*.txt       | false",
      "/l/{a,b}.log| /l/b.log       | true",
      "/l/[ab].log | /l/c.log       | false",
      "/l/app?.log | /l/app1.log    | true"})
  void overlappingPatterns(String a, String b, boolean overlap) {
    assertEquals(overlap, LogOverlaps.overlap(a, b));
  }
}

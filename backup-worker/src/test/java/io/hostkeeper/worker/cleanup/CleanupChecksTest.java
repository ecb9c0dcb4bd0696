package io.hostkeeper.worker.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigException;
import io.hostkeeper.common.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config refuses hostile cleanup globs, each at its YAML path and line. */
class CleanupChecksTest {
  @TempDir Path dir;

  String yaml(String... globs) {
    StringBuilder sb = new StringBuilder("worker:\n  data_dir: " + dir.resolve("data") + "\n"
        + "backups:\n  - name: app\n    schedule: \"@daily\"\n    sources: [{path: " + dir.resolve("src") + "}]\n    recipients: [" + dir.resolve("key.asc") + "]\n"
        + "    destination: " + dir.resolve("backups") + "\n"
        + "cleanup:\n  - name: tmp\n    older_than: 7d\n    paths:\n");
    for (String g : globs) sb.append("      - \"").append(g).append("\"\n");
    return sb.toString();
  }

  List<String> checks(String yaml) {
    return CleanupChecks.check(ConfigLoader.parse(yaml, "hk.yml", n -> null)).stream().map(ConfigError::toString).toList();
  }

  List<String> bindErrors(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "hk.yml", n -> null));
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void hostileGlobsAreRefusedWhenTheFileIsRead() {
    String[][] table = {
        {"/tmp/../etc/*", "must not contain '.' or '..' components (they would leave the directory they name): \"/tmp/../etc/*\""},
        {"/var/tmp/./x*", "must not contain '.' or '..' components (they would leave the directory they name): \"/var/tmp/./x*\""},
        {"/*", "the pattern starts at / (the whole system); start it at a directory such as /tmp"},
        {"/**", "the pattern starts at / (the whole system); start it at a directory such as /tmp"},
        {"tmp/*", "must be an absolute path, got \"tmp/*\""},
        {"/var/tmp", "names no pattern below a directory: write e.g. \"/var/tmp/*\" to clean inside it"},
        {"/var/tmp//x*", "must not contain an empty component ('//' or a trailing '/'): \"/var/tmp//x*\""},
    };
    for (String[] row : table) {
      assertEquals(List.of("cleanup[0].paths[0]: line 13: " + row[1]), bindErrors(yaml(row[0])), row[0]);
    }
  }

  @Test
  void systemDataAndBackupDirectoriesAreRefusedByCheckConfig() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("backups"));
    List<String> errors = checks(yaml("/etc/*", dir.resolve("data") + "/*", dir.resolve("backups") + "/*.tmp", dir + "/*", dir.resolve("ok") + "/*"));
    assertEquals(5 - 1, errors.size(), errors.toString());
    assertEquals("cleanup[0].paths[0]: line 13: refuses to clean /etc itself: start the pattern at a directory below it", errors.get(0));
    assertTrue(errors.get(1).startsWith("cleanup[0].paths[1]: line 14: " + dir.resolve("data") + " is the worker's data directory"), errors.get(1));
    assertTrue(errors.get(2).startsWith("cleanup[0].paths[2]: line 15: " + dir.resolve("backups") + " is the destination of backup app"), errors.get(2));
    assertTrue(errors.get(3).startsWith("cleanup[0].paths[3]: line 16: " + dir + " holds the worker's data directory"), errors.get(3));
  }

  @Test
  void aRootThroughASymbolicLinkIsRefused() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Files.createSymbolicLink(dir.resolve("alias"), real);
    List<String> errors = checks(yaml(dir.resolve("alias") + "/*"));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("is reached through a symbolic link (it is " + real.toRealPath() + ")"), errors.get(0));
  }
}

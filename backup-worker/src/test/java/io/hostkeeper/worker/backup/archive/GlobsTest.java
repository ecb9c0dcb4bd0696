package io.hostkeeper.worker.backup.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobsTest {
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
      "*.tmp, a.tmp, true",
      "*.tmp, deep/er/a.tmp, true",
      "*.tmp, a.tmpx, false",
      "cache, x/cache, true",
      "logs/*.gz, logs/a.gz, true",
      "logs/*.gz, other/logs/a.gz, false",
      "logs/*.gz, logs/sub/a.gz, false",
      "**/*.yml, a.yml, true",
      "**/*.yml, x/y/a.yml, true",
      "**/*.yml, a.yaml, false",
      "/conf/*.yml, conf/a.yml, true",
      "data/**, data/x/y, true",
      "data/**, datax/y, false",
  })
  void matches(String pattern, String path, boolean expected) {
    assertEquals(expected, new Globs(List.of(pattern)).matches(Path.of(path)));
  }
}

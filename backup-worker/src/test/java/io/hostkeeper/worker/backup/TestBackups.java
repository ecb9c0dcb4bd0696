package io.hostkeeper.worker.backup;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.RetentionConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.common.config.SourceConfig;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Config records and a state DB for tests (built directly, no YAML). */
final class TestBackups {
  private TestBackups() {}

  static SourceConfig path(Path p, String... exclude) {
    return new SourceConfig(p, null, List.of(), List.of(exclude), false);
  }

  static SourceConfig sqlite(Path p) {
    return new SourceConfig(null, p, List.of(), List.of(), false);
  }

  static BackupConfig config(String name, List<SourceConfig> sources, List<Path> recipients, Path dest,
      RetentionConfig retention) {
    return new BackupConfig(name, new Schedule("@daily", "0 0 0 * * ?", null), sources, recipients, dest,
        BackupConfig.Compression.ZSTD, null, retention, BackupConfig.UnreadablePolicy.FAIL, null, true);
  }

  static Jdbi stateDb(Path dir) {
    return Jdbi.create("jdbc:sqlite:" + dir.resolve("state.db"));
  }
}

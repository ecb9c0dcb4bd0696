package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.ByteSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented rule for backups that share a destination directory: destination_quota is per
 * backup; each counts and prunes only its own archives, never another backup's.
 */
class SharedDestinationQuotaTest {
  @TempDir Path dir;
  Clock clock = Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneOffset.UTC);

  @Test
  void aQuotaCountsAndPrunesOnlyItsOwnBackupsArchives() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path src = Trees.build(dir.resolve("src"));
    Path dest = dir.resolve("shared");
    BackupCatalogue catalogue = new BackupCatalogue(TestBackups.stateDb(dir));
    BackupConfig other = config("other", src, dest, keys, null);
    for (int i = 0; i < 3; i++) runner(other, catalogue).run();
    long size = catalogue.list("other").get(0).sizeBytes();

    // Room for one and a half archives: far less than the directory already holds, all of it "other"'s.
    BackupConfig capped = config("capped", src, dest, keys, new ByteSize(size * 3 / 2));
    String newest = null;
    for (int i = 0; i < 3; i++) {
      BackupRunner.Result r = runner(capped, catalogue).run();
      assertEquals(null, r.pruning().quotaError());
      newest = r.archive().fileName();
    }
    List<CatalogueEntry> mine = catalogue.list("capped");
    assertEquals(1, mine.size(), mine.toString());
    assertEquals(newest, mine.get(0).fileName());
    List<CatalogueEntry> theirs = catalogue.list("other");
    assertEquals(3, theirs.size(), "the other backup's archives are not counted or pruned");
    for (CatalogueEntry e : theirs) assertTrue(Files.isRegularFile(e.path()), e.path().toString());
  }

  private BackupRunner runner(BackupConfig c, BackupCatalogue catalogue) {
    clock = Clock.offset(clock, Duration.ofDays(1));
    return new BackupRunner(c, catalogue, dir.resolve("data"), clock, null, null);
  }

  private static BackupConfig config(String name, Path src, Path dest, TestKeys keys, ByteSize quota) {
    BackupConfig plain = TestBackups.config(name, List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, null);
    return new BackupConfig(plain.name(), plain.schedule(), plain.sources(), plain.recipients(), plain.destination(),
        plain.compression(), null, null, plain.onUnreadable(), null, true, BackupConfig.DEFAULT_TIMEOUT, List.of(), null, quota);
  }
}

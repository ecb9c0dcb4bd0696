package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.ByteSize;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runs with a destination quota: the oldest archives go, the newest never; too small a quota fails the run. */
class BackupQuotaTest {
  @TempDir Path dir;
  TestKeys keys;
  Path src;
  Path dest;
  BackupCatalogue catalogue;
  Clock clock = Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws Exception {
    keys = TestKeys.make(dir.resolve("keys"));
    src = Trees.build(dir.resolve("src"));
    dest = dir.resolve("dest");
    catalogue = new BackupCatalogue(TestBackups.stateDb(dir));
  }

  BackupConfig config(ByteSize quota) {
    BackupConfig plain = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, null);
    return new BackupConfig(plain.name(), plain.schedule(), plain.sources(), plain.recipients(), plain.destination(),
        plain.compression(), null, null, plain.onUnreadable(), null, true, BackupConfig.DEFAULT_TIMEOUT, List.of(), null, quota);
  }

  BackupRunner runner(BackupConfig c) {
    clock = Clock.offset(clock, Duration.ofDays(1));
    return new BackupRunner(c, catalogue, dir.resolve("data"), clock, null, null);
  }

  JobOutcome runJob(BackupConfig c) {
    return new BackupJob(runner(c), null).run(new JobRunContext(1, clock.instant(), clock, true));
  }

  @Test
  void aRunPrunesTheOldestArchivesBeyondTheQuota() throws Exception {
    long size = runner(config(null)).run().archive().sizeBytes();
    // Room for two archives and a half: every later run leaves the two newest.
    BackupConfig c = config(new ByteSize(size * 5 / 2));
    String newest = null;
    for (int i = 0; i < 4; i++) {
      BackupRunner.Result r = runner(c).run();
      assertEquals(null, r.pruning().quotaError());
      assertEquals(null, r.pruning().pruneError());
      newest = r.archive().fileName();
    }
    List<CatalogueEntry> left = catalogue.list("app");
    assertEquals(2, left.size(), left.toString());
    String last = newest;
    assertTrue(left.stream().anyMatch(e -> e.fileName().equals(last)), "the newest survives");
    long used = left.stream().mapToLong(CatalogueEntry::sizeBytes).sum();
    assertTrue(used <= size * 5 / 2);
    try (var files = Files.list(dest)) {
      // Two archives with their side manifests, and the lock file: the pruned ones are gone from disk too.
      assertEquals(2 * 2 + 1, files.count());
    }

    PrometheusRegistry registry = new PrometheusRegistry();
    BackupMetrics.register(registry, catalogue, List.of("app", "other"), BackupJobs.quotas(List.of(c)));
    String text = scrape(registry);
    assertTrue(text.contains("hostkeeper_backup_destination_used_bytes{backup=\"app\"} " + (double) used), text);
    assertTrue(text.contains("hostkeeper_backup_destination_quota_bytes{backup=\"app\"} " + (double) (size * 5 / 2)), text);
    assertTrue(text.contains("hostkeeper_backup_destination_used_bytes{backup=\"other\"} 0.0"), text);
    assertFalse(text.contains("hostkeeper_backup_destination_quota_bytes{backup=\"other\"}"), "absent without a quota: " + text);
  }

  @Test
  void aQuotaSmallerThanOneArchiveFailsTheRunAndKeepsTheArchive() throws Exception {
    runner(config(null)).run();
    CatalogueEntry older = catalogue.list("app").get(0);
    JobOutcome o = runJob(config(new ByteSize(1024)));
    assertEquals(JobOutcome.Result.FAILURE, o.result(), o.toString());
    String message = o.message();
    assertTrue(message.contains("destination_quota 1.0 KiB (1024 bytes)"), message);
    List<CatalogueEntry> left = catalogue.list("app");
    assertEquals(2, left.size(), "the new archive is kept, and nothing is pruned for a quota that cannot be met");
    for (CatalogueEntry e : left) assertTrue(Files.isRegularFile(e.path()), e.path().toString());
    CatalogueEntry written = left.stream().filter(e -> e.id() != older.id()).findFirst().orElseThrow();
    assertTrue(message.contains("the newest archive " + written.fileName() + " alone is"), message);
    assertTrue(message.contains("(" + written.sizeBytes() + " bytes)"), message);
  }

  @Test
  void aDryRunPruneOnlyReportsTheQuota() throws Exception {
    for (int i = 0; i < 3; i++) runner(config(null)).run();
    BackupRunner.Pruning p = runner(config(new ByteSize(1))).prune(true);
    assertTrue(p.removed().isEmpty());
    assertTrue(p.quotaError() != null && p.quotaError().contains("cannot be met"), String.valueOf(p.quotaError()));
    long size = catalogue.list("app").get(0).sizeBytes();
    BackupRunner.Pruning q = runner(config(new ByteSize(size * 3 / 2))).prune(true);
    assertEquals(2, q.removed().size());
    assertEquals(3, catalogue.count("app"), "a dry run deletes nothing");
  }

  private static String scrape(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}

package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.SourceConfig;
import io.hostkeeper.worker.backup.archive.ArchiveContent;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.archive.ArchiveWriter;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault ends in a failed run with a clear message, no temporary file left, earlier archives
 * byte-for-byte untouched, and no catalogue entry for the failed run.
 */
class BackupFaultsTest {
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

  BackupConfig config(List<SourceConfig> sources, BackupConfig.UnreadablePolicy policy, List<Path> recipients, Path destination) {
    return new BackupConfig("app", TestBackups.config("app", sources, recipients, destination, null).schedule(), sources,
        recipients, destination, BackupConfig.Compression.ZSTD, null, null, policy, null, true);
  }

  BackupRunner runner(BackupConfig c, ArchiveWriter.StreamWrapper wrapper, ArchiveContent.FileOpener opener) {
    clock = Clock.offset(clock, java.time.Duration.ofHours(1));
    return new BackupRunner(c, catalogue, dir.resolve("data"), clock, wrapper, opener);
  }

  JobOutcome runJob(BackupRunner r) {
    return new BackupJob(r, null).run(new JobRunContext(1, clock.instant(), clock, true));
  }

  /** Destination listing: name → size, without the lock file. */
  TreeMap<String, Long> listing() throws IOException {
    TreeMap<String, Long> m = new TreeMap<>();
    if (!Files.isDirectory(dest)) return m;
    try (Stream<Path> s = Files.list(dest)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (!p.getFileName().toString().startsWith(".hk-lock-")) m.put(p.getFileName().toString(), Files.size(p));
      }
    }
    return m;
  }

  /** One good archive first; returns the listing with it. */
  TreeMap<String, Long> goodFirst() throws Exception {
    var ok = runJob(runner(config(List.of(TestBackups.path(src)), null, List.of(keys.publicKey()), dest), null, null));
    assertEquals(JobOutcome.Result.SUCCESS, ok.result(), ok.message());
    assertEquals(1, catalogue.count("app"));
    return listing();
  }

  void assertUntouched(TreeMap<String, Long> before) throws Exception {
    assertEquals(before, listing(), "destination unchanged, no temporary file left");
    assertEquals(1, catalogue.count("app"), "no catalogue entry for the failed run");
    var e = catalogue.list("app").get(0);
    assertEquals(e.sha256(), GpgInteropTest.sha256(e.path()), "earlier archive byte-for-byte intact");
  }

  @Test
  void missingSourceFailsNamingIt() throws Exception {
    var before = goodFirst();
    Path gone = dir.resolve("gone");
    var out = runJob(runner(config(List.of(TestBackups.path(src), TestBackups.path(gone)), null, List.of(keys.publicKey()), dest), null, null));
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().contains(gone.toString()) && out.message().contains("missing_ok"), out.message());
    assertUntouched(before);
  }

  @Test
  void missingOkSourceIsRecorded() throws Exception {
    Path gone = dir.resolve("gone");
    var r = runner(config(List.of(TestBackups.path(src), new SourceConfig(gone, null, List.of(), List.of(), true)), null,
        List.of(keys.publicKey()), dest), null, null).run();
    assertEquals(List.of(gone + ": missing (missing_ok)"), r.manifest().problems().stream().map(p -> p.path() + ": " + p.problem()).toList());
  }

  @Test
  void unreadableFileFailsByDefault() throws Exception {
    var before = goodFirst();
    Path secret = src.resolve("etc/app.conf");
    ArchiveContent.FileOpener denied = p -> {
      if (p.equals(secret)) throw new AccessDeniedException(p.toString());
      return Files.newInputStream(p);
    };
    var out = runJob(runner(config(List.of(TestBackups.path(src)), BackupConfig.UnreadablePolicy.FAIL, List.of(keys.publicKey()), dest), null, denied));
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().contains(secret.toString()) && out.message().contains("permission denied")
        && out.message().contains("on_unreadable: skip"), out.message());
    assertUntouched(before);
  }

  @Test
  void unreadableFileIsSkippedAndRecordedWithSkipPolicy() throws Exception {
    Path secret = src.resolve("etc/app.conf");
    ArchiveContent.FileOpener denied = p -> {
      if (p.equals(secret)) throw new AccessDeniedException(p.toString());
      return Files.newInputStream(p);
    };
    var r = runner(config(List.of(TestBackups.path(src)), BackupConfig.UnreadablePolicy.SKIP, List.of(keys.publicKey()), dest), null, denied).run();
    assertEquals(1, r.manifest().problems().size());
    assertTrue(r.manifest().problems().get(0).problem().contains("unreadable, skipped"));
    assertFalse(r.manifest().members().stream().anyMatch(m -> m.name().endsWith("etc/app.conf")));
    var report = ArchiveRestorer.run(r.archive().path(), PgpDecryption.readSecretKeys(keys.secretKey()), null, null, false, null);
    assertTrue(report.ok(), report.problems().toString());
  }

  @Test
  void invalidKeyFileFailsNamingTheFile() throws Exception {
    var before = goodFirst();
    Path junk = Files.writeString(dir.resolve("junk.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64 at all!!\n-----END PGP PUBLIC KEY BLOCK-----\n");
    var out = runJob(runner(config(List.of(TestBackups.path(src)), null, List.of(junk), dest), null, null));
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().contains(junk.toString()) && out.message().contains("gpg --export --armor"), out.message());
    var missing = runJob(runner(config(List.of(TestBackups.path(src)), null, List.of(dir.resolve("nope.asc")), dest), null, null));
    assertTrue(missing.message().contains("file not found"), missing.message());
    var secretGiven = runJob(runner(config(List.of(TestBackups.path(src)), null, List.of(keys.secretKey()), dest), null, null));
    assertEquals(JobOutcome.Result.FAILURE, secretGiven.result(), secretGiven.message());
    assertUntouched(before);
  }

  @Test
  void destinationNotWritableFails() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    var out = runJob(runner(config(List.of(TestBackups.path(src)), null, List.of(keys.publicKey()), file.resolve("sub")), null, null));
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().contains("destination") && out.message().contains(file.resolve("sub").toString()), out.message());
    assertEquals(0, catalogue.count("app"));
  }

  @Test
  void diskFullMidArchiveFailsCleanly() throws Exception {
    var before = goodFirst();
    ArchiveWriter.StreamWrapper full = s -> new FilterOutputStream(s) {
      long written;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (written + len > 1_000_000) throw new IOException("No space left on device");
        written += len;
        out.write(b, off, len);
      }
    };
    var out = runJob(runner(config(List.of(TestBackups.path(src)), null, List.of(keys.publicKey()), dest), full, null));
    assertEquals(JobOutcome.Result.FAILURE, out.result());
    assertTrue(out.message().contains("no space left"), out.message());
    assertUntouched(before);
  }

  @Test
  void leftoversOfThisBackupAreRemovedOthersUntouched() throws Exception {
    Files.createDirectories(dest);
    Path mine = Files.writeString(dest.resolve(".hk-tmp-app-20260101T000000Z.tar.zst.gpg"), "partial");
    Path mineManifest = Files.writeString(dest.resolve(".hk-tmp-app-20260101T000000Z.tar.zst.gpg.manifest.json"), "{");
    Path other = Files.writeString(dest.resolve(".hk-tmp-app-x-20260101T000000Z.tar.zst.gpg"), "another backup's");
    Path foreign = Files.writeString(dest.resolve("app-20200101T000000Z.tar.zst.gpg"), "not in the catalogue");
    var r = runner(config(List.of(TestBackups.path(src)), null, List.of(keys.publicKey()), dest), null, null).run();
    assertEquals(2, r.leftoversRemoved());
    assertFalse(Files.exists(mine));
    assertFalse(Files.exists(mineManifest));
    assertTrue(Files.exists(other));
    assertTrue(Files.exists(foreign));
  }

  @Test
  void retentionNeverTouchesUncataloguedFilesAndKeepsTheNewest() throws Exception {
    Path foreign = Files.createDirectories(dest).resolve("app-20200101T000000Z.tar.zst.gpg");
    Files.writeString(foreign, "not ours");
    var policy = new io.hostkeeper.common.config.RetentionConfig(2, null, null, null, null, null);
    BackupConfig c = new BackupConfig("app", TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, null).schedule(),
        List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, BackupConfig.Compression.ZSTD, null, policy, null, null, true);
    for (int i = 0; i < 4; i++) runner(c, null, null).run();
    assertEquals(2, catalogue.count("app"));
    assertTrue(Files.exists(foreign));
    var dry = runner(c, null, null).prune(true);
    assertTrue(dry.removed().isEmpty());
    assertEquals(2 * 2 + 1, listing().size(), "2 archives with their manifests, and the foreign file: " + listing());
  }
}

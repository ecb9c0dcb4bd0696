package io.hostkeeper.worker.backup.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.common.config.RetentionConfig;
import io.hostkeeper.common.config.SftpConfig;
import io.hostkeeper.worker.backup.ArchiveNames;
import io.hostkeeper.worker.backup.CatalogueEntry;
import io.hostkeeper.worker.backup.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copier over an in-memory remote with a fake clock: 30 days of daily archives through the
 * local retention (keep_daily 7) and a remote one (keep_daily 10, keep_weekly 4) with a remote that
 * is off for four days; a remote that refuses writes; a read-back that does not match; a dry run.
 */
class CopierTest {
  static final RetentionConfig LOCAL = new RetentionConfig(null, null, 7, null, null, null);
  static final RetentionConfig REMOTE = new RetentionConfig(null, null, 10, 4, null, null);
  static final Instant START = Instant.parse("2026-11-01T02:00:00Z");

  @TempDir Path dir;

  static CopyConfig copy(RetentionConfig r, CopyConfig.Verify verify) {
    return new CopyConfig("nas", new SftpConfig("nas.lan", 22, "backup", "b", Path.of("/k"), Path.of("/kh"), null), r, verify,
        Duration.ofSeconds(60));
  }

  CatalogueEntry archive(Instant at, long id) throws Exception {
    String name = ArchiveNames.fileName("app", at, BackupConfig.Compression.ZSTD, 1);
    byte[] data = ("archive " + name).getBytes();
    Files.write(dir.resolve(name), data);
    String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    Files.writeString(dir.resolve(name + ".manifest.json"), "{\"ciphertext\":{\"size\":" + data.length + ",\"sha256\":\"" + sha + "\"}}");
    return new CatalogueEntry(id, "app", name, dir, at, at, 1, data.length, sha, 0, "", 0, 0, "{}");
  }

  @Test
  void thirtyDaysThroughBothRetentions() throws Exception {
    MemoryTarget remote = new MemoryTarget();
    Copier copier = new Copier("app", copy(REMOTE, CopyConfig.Verify.FULL), ZoneOffset.UTC);
    List<CatalogueEntry> local = new ArrayList<>();
    List<String> all = new ArrayList<>();
    List<String> caughtUp = null;
    for (int day = 0; day < 30; day++) {
      Instant now = START.plus(Duration.ofDays(day));
      CatalogueEntry e = archive(now, day + 1);
      local.add(e);
      all.add(e.fileName());
      // the local run's retention, as BackupRunner applies it
      Retention.Decision d = Retention.apply(local.stream().map(x -> new Retention.Archive(x.fileName(), x.createdAt())).toList(),
          LOCAL, ZoneOffset.UTC, now);
      Set<String> gone = d.remove().stream().map(Retention.Archive::id).collect(Collectors.toSet());
      local.removeIf(x -> gone.contains(x.fileName()));
      boolean remoteOff = day >= 12 && day <= 15;
      if (remoteOff) continue;
      remote.uploads.clear();
      Copier.Report r = copier.sync(remote, local, now, false, n -> {});
      if (day == 16) caughtUp = r.uploaded();
      assertTrue(remote.files.keySet().stream().noneMatch(n -> n.startsWith(".hk-part-")), "no temporary name left");
    }
    assertEquals(all.subList(12, 17), caughtUp, "the days the remote was off come first, oldest first");

    Instant end = START.plus(Duration.ofDays(29));
    Set<String> expectLocal = new TreeSet<>(all.subList(23, 30));
    assertEquals(expectLocal, local.stream().map(CatalogueEntry::fileName).collect(Collectors.toCollection(TreeSet::new)));
    Set<String> expectRemote = new TreeSet<>(Retention.apply(all.stream().map(n -> new Retention.Archive(n,
        new RemoteNames("app").archiveTime(n).orElseThrow())).toList(), REMOTE, ZoneOffset.UTC, end).keep().keySet()
        .stream().map(Retention.Archive::id).toList());
    Set<String> remoteArchives = remote.files.keySet().stream().filter(n -> n.endsWith(".gpg")).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expectRemote, remoteArchives);
    assertTrue(remoteArchives.size() > expectLocal.size(), "the remote keeps longer than the host");
    assertTrue(local.stream().anyMatch(e -> e.fileName().equals(all.get(29))), "newest local archive survives");
    assertTrue(remoteArchives.contains(all.get(29)), "newest remote copy survives");
    for (String n : remoteArchives) assertTrue(remote.files.containsKey(n + ".manifest.json"), "manifest beside " + n);
    assertEquals(remoteArchives.size(), remote.files.size() / 2, "no stray manifests");
  }

  @Test
  void aRemoteThatRefusesWritesAfterNBytesKeepsNothingUnderAnArchiveName() throws Exception {
    MemoryTarget remote = new MemoryTarget();
    Copier copier = new Copier("app", copy(null, CopyConfig.Verify.SIZE), ZoneOffset.UTC);
    List<CatalogueEntry> local = List.of(archive(START, 1), archive(START.plus(Duration.ofDays(1)), 2));
    long firstManifest = Files.size(dir.resolve(local.get(0).fileName() + ".manifest.json"));
    remote.writeBudget = local.get(0).sizeBytes() + firstManifest + 5; // the first archive and its manifest fit, the second does not
    CopyFailure f = assertThrows(CopyFailure.class, () -> copier.sync(remote, local, START.plus(Duration.ofDays(2)), false, n -> {}));
    assertEquals(CopyFailure.Reason.NO_SPACE, f.reason());
    assertTrue(remote.files.containsKey(local.get(0).fileName()));
    assertTrue(!remote.files.containsKey(local.get(1).fileName()), "nothing half-written under the archive's name");
    remote.writeBudget = Long.MAX_VALUE;
    Copier.Report r = copier.sync(remote, local, START.plus(Duration.ofDays(2)), false, n -> {});
    assertEquals(List.of(local.get(1).fileName()), r.uploaded());
    assertTrue(remote.files.keySet().stream().noneMatch(n -> n.startsWith(".hk-part-")), remote.files.keySet().toString());
  }

  @Test
  void aReadBackThatDoesNotMatchFailsAsVerifyAndLeavesNothingUnderTheName() throws Exception {
    MemoryTarget remote = new MemoryTarget() {
      @Override
      public void upload(Path local, String tempName, java.util.function.LongConsumer progress) throws java.io.IOException {
        super.upload(local, tempName, progress);
        files.get(tempName)[0] ^= 1; // the remote's storage alters one bit
      }
    };
    CatalogueEntry e = archive(START, 1);
    Copier full = new Copier("app", copy(null, CopyConfig.Verify.FULL), ZoneOffset.UTC);
    CopyFailure f = assertThrows(CopyFailure.class, () -> full.sync(remote, List.of(e), START, false, n -> {}));
    assertEquals(CopyFailure.Reason.VERIFY, f.reason());
    assertTrue(f.getMessage().contains(e.fileName()), f.getMessage());
    assertEquals(Set.of(), remote.files.keySet(), "neither the archive nor its temporary name stays");
    // verify: size does not read back, so it cannot see this
    Copier size = new Copier("app", copy(null, CopyConfig.Verify.SIZE), ZoneOffset.UTC);
    assertEquals(List.of(e.fileName()), size.sync(remote, List.of(e), START, false, n -> {}).uploaded());
  }

  @Test
  void aLocalArchiveDeletedByHandDoesNotBlockTheOthers() throws Exception {
    MemoryTarget remote = new MemoryTarget();
    CatalogueEntry gone = archive(START, 1);
    CatalogueEntry there = archive(START.plus(Duration.ofDays(1)), 2);
    Files.delete(gone.path());
    Copier copier = new Copier("app", copy(null, CopyConfig.Verify.SIZE), ZoneOffset.UTC);
    Copier.Report r = copier.sync(remote, List.of(gone, there), START.plus(Duration.ofDays(1)), false, n -> {});
    assertEquals(List.of(there.fileName()), r.uploaded());
    assertEquals(List.of(gone.fileName()), r.missingLocally());
  }

  @Test
  void dryRunChangesNothing() throws Exception {
    MemoryTarget remote = new MemoryTarget();
    remote.files.put(".hk-part-app-20261101T020000Z.tar.zst.gpg", new byte[3]);
    Copier copier = new Copier("app", copy(null, CopyConfig.Verify.SIZE), ZoneOffset.UTC);
    Copier.Report r = copier.sync(remote, List.of(archive(START, 1)), START, true, n -> {});
    assertEquals(1, r.uploaded().size());
    assertEquals(1, r.leftovers().size());
    assertEquals(Set.of(".hk-part-app-20261101T020000Z.tar.zst.gpg"), remote.files.keySet());
  }
}

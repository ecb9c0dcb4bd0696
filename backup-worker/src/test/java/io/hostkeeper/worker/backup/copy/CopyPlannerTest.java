package io.hostkeeper.worker.backup.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.RetentionConfig;
import io.hostkeeper.worker.backup.copy.CopyPlanner.Local;
import io.hostkeeper.worker.backup.copy.CopyTarget.RemoteFile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner as a table: local catalogue + remote listing → uploads, leftovers, deletions. */
class CopyPlannerTest {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final RetentionConfig KEEP_ALL = null;

  static Local local(String day) {
    return new Local("app-202611" + day + "T020000Z.tar.zst.gpg", Instant.parse("2026-11-" + day + "T02:00:00Z"), 100);
  }

  static RemoteFile remote(Local l) {
    return new RemoteFile(l.name(), l.size());
  }

  static CopyPlanner planner(RetentionConfig r) {
    return new CopyPlanner("app", r, ZoneOffset.UTC);
  }

  @Test
  void uploadsWhatTheRemoteLacksOldestFirst() {
    Local a = local("27"), b = local("28"), c = local("29");
    CopyPlanner.Plan p = planner(KEEP_ALL).plan(List.of(c, a, b), List.of(remote(b)), NOW);
    assertEquals(List.of(a, c), p.uploads());
    assertTrue(p.deletions().isEmpty() && p.leftovers().isEmpty());
    assertEquals(3, p.remoteArchivesAfter());
  }

  @Test
  void aRemoteArchiveOfAnotherSizeIsUploadedAgain() {
    Local a = local("27");
    CopyPlanner.Plan p = planner(KEEP_ALL).plan(List.of(a), List.of(new RemoteFile(a.name(), 42)), NOW);
    assertEquals(List.of(a), p.uploads());
    assertEquals(null, p.newestVerified());
  }

  @Test
  void leftoversOfThisBackupGoAndForeignFilesStay() {
    Local a = local("27");
    List<RemoteFile> listing = List.of(remote(a),
        new RemoteFile(".hk-part-app-20261128T020000Z.tar.zst.gpg", 7),
        new RemoteFile(".hk-part-app-20261128T020000Z.tar.zst.gpg.manifest.json", 7),
        new RemoteFile("app-20261101T020000Z.tar.zst.gpg.manifest.json", 7), // manifest without its archive
        new RemoteFile(".hk-part-other-20261128T020000Z.tar.zst.gpg", 7),
        new RemoteFile("other-20261101T020000Z.tar.zst.gpg", 7),
        new RemoteFile("app-notes.txt", 7),
        new RemoteFile("app-20261101T020000Z.tar.zst.gpg.bak", 7));
    CopyPlanner.Plan p = planner(new RetentionConfig(1, null, null, null, null, null)).plan(List.of(a), listing, NOW);
    assertEquals(List.of(".hk-part-app-20261128T020000Z.tar.zst.gpg", ".hk-part-app-20261128T020000Z.tar.zst.gpg.manifest.json",
        "app-20261101T020000Z.tar.zst.gpg.manifest.json"), p.leftovers());
    assertTrue(p.deletions().isEmpty(), p.deletions().toString());
  }

  @Test
  void theNewestVerifiedCopyIsNeverDeletedEvenWhenANewerUploadIsPending() {
    Local old = local("27"), fresh = local("29");
    CopyPlanner.Plan p = planner(new RetentionConfig(1, null, null, null, null, null))
        .plan(List.of(old, fresh), List.of(remote(old)), NOW);
    assertEquals(List.of(fresh), p.uploads());
    assertEquals(old.name(), p.newestVerified());
    assertTrue(p.deletions().isEmpty(), "the only verified copy stays until the new one is up");
    // after the upload, the next plan may delete it
    CopyPlanner.Plan after = planner(new RetentionConfig(1, null, null, null, null, null))
        .plan(List.of(old, fresh), List.of(remote(old), remote(fresh)), NOW);
    assertEquals(List.of(old.name()), after.deletions());
  }

  @Test
  void archivesTheRemotePolicyWouldDropAtOnceAreNotUploaded() {
    Local a = local("20"), b = local("29");
    CopyPlanner.Plan p = planner(new RetentionConfig(1, null, null, null, null, null)).plan(List.of(a, b), List.of(), NOW);
    assertEquals(List.of(b), p.uploads());
    assertEquals(List.of(a), p.tooOld());
  }

  @Test
  void namesTheBackupDoesNotMakeAreNeverDeleted() {
    List<RemoteFile> listing = List.of(new RemoteFile("app-20261101T020000Z.tar.zst.gpg", 1),
        new RemoteFile("app-20261102T020000Z.tar.zst.gpg", 1), new RemoteFile("app-20261103T020000Z.tar.gpg.old", 1),
        new RemoteFile("photos.tar", 1));
    CopyPlanner.Plan p = planner(new RetentionConfig(1, null, null, null, null, null)).plan(List.of(), listing, NOW);
    assertEquals(List.of("app-20261101T020000Z.tar.zst.gpg"), p.deletions());
  }
}

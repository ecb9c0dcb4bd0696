package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile archives against restore and verify, each test named after its attack. Anyone with the
 * public key can make an archive that passes the integrity check, so these are built with the
 * project's own encryption.
 */
class RestoreAttackTest {
  static final FileTime OLD = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

  @TempDir Path dir;
  TestKeys keys;

  @BeforeEach
  void keys() throws Exception {
    keys = TestKeys.make(dir.resolve("keys"));
  }

  ArchiveRestorer.Report run(Path archive, ArchiveRestorer.Options o) throws Exception {
    return ArchiveRestorer.run(archive, PgpDecryption.readSecretKeys(keys.secretKey()), null, o);
  }

  ArchiveRestorer.Report restore(Path archive, Path to) throws Exception {
    return run(archive, ArchiveRestorer.Options.verify().withTarget(to, false));
  }

  ArchiveRestorer.Report verify(Path archive) throws Exception {
    return run(archive, ArchiveRestorer.Options.verify());
  }

  /** A directory outside the target with a known mode and time, to see whether restore touched it. */
  Path outsideDir() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside-dir"));
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setLastModifiedTime(outside, OLD);
    return outside;
  }

  /** d -> . ; e -> d/d/…/../../…/ABSOLUTE-PATH-WITHOUT-SLASH: lexically inside, really outside. */
  HostileArchive dotLinks(Path outside) {
    String escape = "d/".repeat(20) + "../".repeat(20) + outside.toString().substring(1);
    return new HostileArchive().symlink("d", ".").symlink("e", escape).dir("e/", 0777);
  }

  void assertUntouched(Path outside) throws Exception {
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(outside, LinkOption.NOFOLLOW_LINKS)),
        "mode of the directory outside the target");
    assertEquals(OLD, Files.getLastModifiedTime(outside, LinkOption.NOFOLLOW_LINKS), "mtime of the directory outside the target");
  }

  @Test
  void restoreRefusesLinkThatResolvesOutsideThroughDotLinks() throws Exception {
    Path outside = outsideDir();
    Path a = dotLinks(outside).write(dir.resolve("dots.tar.zst.gpg"), keys.publicKey());
    Path to = dir.resolve("to");
    var e = assertThrows(ArchiveRestorer.Unsafe.class, () -> restore(a, to));
    assertTrue(e.getMessage().contains("symlink e"), e.getMessage());
    assertUntouched(outside);
    assertFalse(Files.isSymbolicLink(to.resolve("e")), "the escaping link is not created");
  }

  @Test
  void restoreDoesNotCreateLinkThatResolvesOutsideThroughDotLinksEvenWithoutAFollowingEntry() throws Exception {
    Path outside = outsideDir();
    String escape = "d/".repeat(20) + "../".repeat(20) + outside.toString().substring(1);
    Path a = new HostileArchive().symlink("d", ".").symlink("e", escape).file("ok.txt", "fine")
        .write(dir.resolve("dots2.tar.zst.gpg"), keys.publicKey());
    Path to = dir.resolve("to");
    var r = restore(a, to);
    assertFalse(r.ok());
    assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("symlink e -> ") && p.contains("outside the target")), r.problems().toString());
    assertFalse(Files.exists(to.resolve("e"), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isSymbolicLink(to.resolve("d")), "d -> . stays inside and is created");
    assertUntouched(outside);
  }

  @Test
  void verifyReportsLinkThatResolvesOutsideThroughDotLinks() throws Exception {
    Path outside = outsideDir();
    Path a = dotLinks(outside).write(dir.resolve("dots.tar.zst.gpg"), keys.publicKey());
    var r = verify(a);
    assertFalse(r.ok(), "verify must not say all is well for what restore refuses");
    assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("restore would refuse this archive") && p.contains("e/")), r.problems().toString());
    assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("symlink e -> ") && p.contains("outside")), r.problems().toString());
  }

  @Test
  void restoreRefusesLinkThatEscapesOnlyThroughALinkLaterInTheArchive() throws Exception {
    // a -> p/../x is inside while p does not exist; p -> . (later in the archive) sends it to ../x
    Path a = new HostileArchive().symlink("a", "p/../x").symlink("ok", "p/x").symlink("p", ".")
        .write(dir.resolve("late.tar.zst.gpg"), keys.publicKey());
    var r = restore(a, dir.resolve("to"));
    assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("symlink a -> p/../x resolves outside")), r.problems().toString());
    assertFalse(Files.exists(dir.resolve("to/a"), LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isSymbolicLink(dir.resolve("to/p")));
    assertTrue(Files.isSymbolicLink(dir.resolve("to/ok")));
  }

  @Test
  void restoreRefusesEntryBelowALinkTheArchiveCreated() throws Exception {
    Path outside = outsideDir();
    Path a = new HostileArchive().symlink("in", "sub").dir("sub", 0755).file("in/planted.txt", "evil", 0666)
        .write(dir.resolve("below.tar.zst.gpg"), keys.publicKey());
    var e = assertThrows(ArchiveRestorer.Unsafe.class, () -> restore(a, dir.resolve("to")));
    assertTrue(e.getMessage().contains("below in"), e.getMessage());
    assertUntouched(outside);
  }

  @Test
  void restoreNeverChmodsThroughALinkAlreadyInTheTarget() throws Exception {
    Path outside = outsideDir();
    Path to = Files.createDirectories(dir.resolve("to"));
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(to.resolve("planted"), outside);
    Path a = new HostileArchive().dir("planted/", 0777).write(dir.resolve("planted.tar.zst.gpg"), keys.publicKey());
    var e = assertThrows(ArchiveRestorer.Unsafe.class, () -> run(a, ArchiveRestorer.Options.verify().withTarget(to, true)));
    assertTrue(e.getMessage().contains("through a symlink in the target"), e.getMessage());
    assertUntouched(outside);
  }

  @Test
  void verifyReportsAbsoluteSymlinkThatRestoreDoesNotCreate() throws Exception {
    Path a = new HostileArchive().file("ok.txt", "x").symlink("abs-link", "/etc/hostname")
        .write(dir.resolve("abs.tar.zst.gpg"), keys.publicKey());
    var v = verify(a);
    assertFalse(v.ok());
    assertTrue(v.problems().stream().anyMatch(p -> p.contains("abs-link -> /etc/hostname is absolute")), v.problems().toString());
    Path to = dir.resolve("to");
    var r = restore(a, to);
    assertEquals(v.problems().stream().filter(p -> p.contains("abs-link")).toList(),
        r.problems().stream().filter(p -> p.contains("abs-link")).toList(), "verify reports what restore refuses");
    assertFalse(Files.exists(to.resolve("abs-link"), LinkOption.NOFOLLOW_LINKS));

    var allowed = run(a, ArchiveRestorer.Options.verify().withTarget(dir.resolve("to2"), false).withAbsoluteLinks(true));
    assertTrue(allowed.problems().stream().noneMatch(p -> p.contains("abs-link")), allowed.problems().toString());
    assertEquals(Path.of("/etc/hostname"), Files.readSymbolicLink(dir.resolve("to2/abs-link")));
  }

  @Test
  void restoreNeverWritesBelowAnAllowedAbsoluteLink() throws Exception {
    Path outside = outsideDir();
    Path a = new HostileArchive().symlink("abs", outside.toString()).file("abs/planted.txt", "evil")
        .write(dir.resolve("absbelow.tar.zst.gpg"), keys.publicKey());
    assertThrows(ArchiveRestorer.Unsafe.class,
        () -> run(a, ArchiveRestorer.Options.verify().withTarget(dir.resolve("to"), false).withAbsoluteLinks(true)));
    assertFalse(Files.exists(outside.resolve("planted.txt")));
  }

  @Test
  void hardLinksDevicesAndFifosAreNotRestoredAsEmptyFiles() throws Exception {
    Path a = new HostileArchive().file("data.txt", "content").hardlink("twin.txt", "data.txt")
        .hardlink("stray", "/etc/shadow").special("tty", TarConstants.LF_CHR).special("disk", TarConstants.LF_BLK)
        .special("pipe", TarConstants.LF_FIFO).write(dir.resolve("special.tar.zst.gpg"), keys.publicKey());
    Path to = dir.resolve("to");
    var r = restore(a, to);
    assertEquals("content", Files.readString(to.resolve("twin.txt")));
    assertEquals(Files.readAttributes(to.resolve("data.txt"), "unix:ino").get("ino"),
        Files.readAttributes(to.resolve("twin.txt"), "unix:ino").get("ino"), "a hard link is restored as one");
    for (String n : List.of("stray", "tty", "disk", "pipe")) {
      assertFalse(Files.exists(to.resolve(n), LinkOption.NOFOLLOW_LINKS), n + " must not become an empty file");
    }
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("tty is a character device")), r.problems().toString());
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("pipe is a FIFO")), r.problems().toString());
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("hard link stray")), r.problems().toString());
  }

  @Test
  void oversizedManifestMemberGivesAClearErrorNotOutOfMemory() throws Exception {
    Path a = new HostileArchive().file("ok.txt", "x").bigFile(".hostkeeper-manifest.json", 512L << 20)
        .write(dir.resolve("bigmanifest.tar.zst.gpg"), keys.publicKey());
    var e = assertThrows(ArchiveRestorer.Unsafe.class, () -> verify(a));
    assertTrue(e.getMessage().contains("512.0 MiB"), e.getMessage());
  }

  @Test
  void truncatedArchiveLeavesNoPartialFileUnderItsRealName() throws Exception {
    Path src = Trees.build(dir.resolve("src"));
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dir.resolve("dest"), null);
    var r = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"),
        java.time.Clock.systemUTC(), null, null).run();
    Path cut = dir.resolve("cut.tar.zst.gpg");
    byte[] bytes = Files.readAllBytes(r.archive().path());
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length * 9 / 10));
    Path to = dir.resolve("to");
    assertThrows(java.io.IOException.class, () -> restore(cut, to));
    try (Stream<Path> s = Files.walk(to)) {
      List<Path> files = s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
      assertEquals(List.of(), files, "no file from an archive that did not pass its checks");
    }
  }

  @Test
  void restoreRefusesATargetThatIsASymlinkPlantedInItsPlace() throws Exception {
    Path victim = outsideDir();
    Path to = Files.createSymbolicLink(dir.resolve("to"), victim);
    Path a = new HostileArchive().file("x.txt", "x").write(dir.resolve("t.tar.zst.gpg"), keys.publicKey());
    var e = assertThrows(ArchiveRestorer.Refused.class, () -> restore(a, to));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertFalse(Files.exists(victim.resolve("x.txt")));
  }

  @Test
  void restoreRefusesAnExistingTargetOtherUsersCanWrite() throws Exception {
    Path to = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path a = new HostileArchive().file("x.txt", "x").write(dir.resolve("t.tar.zst.gpg"), keys.publicKey());
    var e = assertThrows(ArchiveRestorer.Refused.class, () -> restore(a, to));
    assertTrue(e.getMessage().contains("other users could change it"), e.getMessage());
    Path fresh = dir.resolve("fresh");
    assertTrue(restore(a, fresh).problems().stream().allMatch(p -> p.contains("no .hostkeeper-manifest.json")));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)), "a new target is private");
  }

  @Test
  void restoreForceRefusesATargetOwnedByAnotherUser() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "needs root to give the target to nobody");
    Path to = Files.createDirectories(dir.resolve("theirs"));
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    Files.setOwner(to, to.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    Path a = new HostileArchive().file("x.txt", "x").write(dir.resolve("t.tar.zst.gpg"), keys.publicKey());
    var e = assertThrows(ArchiveRestorer.Refused.class, () -> run(a, ArchiveRestorer.Options.verify().withTarget(to, true)));
    assertTrue(e.getMessage().contains("owned by nobody"), e.getMessage());
    assertFalse(Files.exists(to.resolve("x.txt")));
  }
}

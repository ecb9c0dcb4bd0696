package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig.Compression;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.archive.Codecs;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import io.hostkeeper.worker.backup.pgp.PgpEncryption;
import io.hostkeeper.worker.backup.pgp.RecipientKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone with the public key can make an archive, so restore treats entries as hostile: '..' and
 * absolute names abort, links out of the target are not created, nothing is overwritten without
 * --force, and an altered archive fails its integrity check.
 */
class RestoreSafetyTest {
  @TempDir Path dir;
  TestKeys keys;

  @BeforeEach
  void keys() throws Exception {
    keys = TestKeys.make(dir.resolve("keys"));
  }

  /** An encrypted .tar.zst.gpg holding {@code entries}: name → content, or "->target" for a symlink. */
  Path craft(String name, String... entries) throws Exception {
    Path file = dir.resolve(name + ".tar.zst.gpg");
    try (OutputStream f = Files.newOutputStream(file);
        OutputStream enc = PgpEncryption.open(f, RecipientKeys.load(keys.publicKey(), Instant.now()), name);
        OutputStream z = Codecs.compress(enc, Compression.ZSTD, null);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(z)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (int i = 0; i < entries.length; i += 2) {
        String content = entries[i + 1];
        TarArchiveEntry e;
        if (content.startsWith("->")) {
          e = new TarArchiveEntry(entries[i], TarConstants.LF_SYMLINK, true);
          e.setLinkName(content.substring(2));
          tar.putArchiveEntry(e);
        } else {
          e = new TarArchiveEntry(entries[i], TarConstants.LF_NORMAL, true);
          byte[] b = content.getBytes(StandardCharsets.UTF_8);
          e.setSize(b.length);
          tar.putArchiveEntry(e);
          tar.write(b);
        }
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  ArchiveRestorer.Report restore(Path archive, Path to, boolean force) throws Exception {
    return ArchiveRestorer.run(archive, PgpDecryption.readSecretKeys(keys.secretKey()), null, to, force, null);
  }

  @Test
  void dotDotEntryAbortsAndWritesNothingOutside() throws Exception {
    Path a = craft("dotdot", "ok.txt", "fine", "sub/../../escaped.txt", "evil");
    Path to = dir.resolve("to");
    var e = assertThrows(ArchiveRestorer.Refused.class, () -> restore(a, to, false));
    assertTrue(e.getMessage().contains(".."), e.getMessage());
    assertFalse(Files.exists(dir.resolve("escaped.txt")));
  }

  @Test
  void absoluteEntryAborts() throws Exception {
    Path a = craft("abs", "/tmp/hk-absolute-entry-test", "evil");
    var e = assertThrows(ArchiveRestorer.Refused.class, () -> restore(a, dir.resolve("to"), false));
    assertTrue(e.getMessage().contains("absolute"), e.getMessage());
  }

  @Test
  void linksOutOfTheTargetAreNotCreated() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path a = craft("links", "up", "->../outside", "abs", "->" + outside, "inside", "->a/b", "ok.txt", "fine");
    Path to = dir.resolve("to");
    var r = restore(a, to, false);
    assertFalse(r.ok());
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("symlink up -> ../outside")), r.problems().toString());
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("symlink abs -> ")), r.problems().toString());
    assertFalse(Files.exists(to.resolve("up"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isSymbolicLink(to.resolve("inside")), "a link inside the target is fine");
  }

  @Test
  void entryBelowALinkOfTheArchiveRefusesTheArchiveAndNothingIsWrittenThroughIt() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path a = craft("links", "up", "->../outside", "up/planted.txt", "evil");
    var e = assertThrows(ArchiveRestorer.Unsafe.class, () -> restore(a, dir.resolve("to"), false));
    assertTrue(e.getMessage().contains("below up"), e.getMessage());
    try (var s = Files.list(outside)) {
      assertTrue(s.findAny().isEmpty(), "nothing written outside the target");
    }
  }

  @Test
  void refusesToOverwriteUnlessForced() throws Exception {
    Path src = Trees.build(dir.resolve("src"));
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dir.resolve("dest"), null);
    var r = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"), Clock.systemUTC(), null, null).run();
    Path to = dir.resolve("to");
    assertTrue(restore(r.archive().path(), to, false).ok());
    var e = assertThrows(ArchiveRestorer.Refused.class, () -> restore(r.archive().path(), to, false));
    assertTrue(e.getMessage().contains("--force"), e.getMessage());
    assertTrue(restore(r.archive().path(), to, true).ok());
  }

  @Test
  void memberNotMatchingTheManifestIsReported() throws Exception {
    Path src = Trees.build(dir.resolve("src"));
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dir.resolve("dest"), null);
    var r = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"), Clock.systemUTC(), null, null).run();
    Path side = r.archive().path().resolveSibling(r.archive().fileName() + ".manifest.json");
    String json = r.manifest().toJson(); // a full side manifest, as earlier versions wrote (now only a summary is beside)
    String hash = r.manifest().members().stream().filter(m -> m.name().endsWith("random.bin")).findFirst().orElseThrow().sha256();
    Files.writeString(side, json.replace(hash, "0".repeat(64)));
    var report = restore(r.archive().path(), null, false);
    assertFalse(report.ok());
    assertTrue(report.problems().stream().anyMatch(p -> p.contains("random.bin") && p.contains("SHA-256 mismatch")), report.problems().toString());
  }

  @Test
  void alteredArchiveFailsVerification() throws Exception {
    Path src = Trees.build(dir.resolve("src"));
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dir.resolve("dest"), null);
    var r = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"), Clock.systemUTC(), null, null).run();
    byte[] bytes = Files.readAllBytes(r.archive().path());
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(r.archive().path(), bytes);
    assertThrows(IOException.class, () -> restore(r.archive().path(), null, false));
  }
}

package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.archive.Manifest;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup leaves readable to other users of the host: archives and side manifests are 0600,
 * a destination the worker creates is 0700, and the side manifest names no backed-up path, size,
 * mode or hash (only what retention and keyless checks need). Restore reads both the new small
 * side manifests and the full ones earlier versions wrote.
 */
class ArchivePrivacyTest {
  @TempDir Path dir;
  TestKeys keys;
  Path src;

  @BeforeEach
  void setUp() throws Exception {
    keys = TestKeys.make(dir.resolve("keys"));
    src = Trees.build(dir.resolve("src"));
  }

  BackupRunner.Result backup(Path dest) throws Exception {
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, null);
    return new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"), Clock.systemUTC(), null, null).run();
  }

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  static Path side(BackupRunner.Result r) {
    return r.archive().path().resolveSibling(r.archive().fileName() + ".manifest.json");
  }

  @Test
  void archiveSideManifestAndNewDestinationAreOwnerOnlyEvenWithAnOpenUmask() throws Exception {
    Path dest = dir.resolve("backups/app");
    var r = backup(dest);
    assertEquals("rwx------", mode(dest), "destination created by the worker");
    assertEquals("rw-------", mode(r.archive().path()), "archive");
    assertEquals("rw-------", mode(side(r)), "side manifest");
    try (Stream<Path> s = Files.list(dest)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (!p.getFileName().toString().startsWith(".hk-lock-")) continue;
        assertEquals("rw-------", mode(p), "lock file");
      }
    }
  }

  @Test
  void sideManifestListsNoPathSizeModeOrHashOfTheBackedUpFiles() throws Exception {
    var r = backup(dir.resolve("dest"));
    String json = Files.readString(side(r));
    for (Manifest.Member m : r.manifest().members()) {
      String leaf = Path.of(m.name()).getFileName().toString();
      assertFalse(json.contains(leaf), "member name " + leaf + " in the side manifest: " + json);
      if (m.sha256() != null) assertFalse(json.contains(m.sha256()), "member hash in the side manifest");
    }
    assertFalse(json.contains(src.toString().substring(1)), "source path in the side manifest");
    JsonNode n = new ObjectMapper().readTree(json);
    assertEquals(Manifest.SUMMARY_FORMAT, n.get("format").asInt());
    assertEquals(r.archive().fileName(), n.get("archive").asText());
    assertEquals(Files.size(r.archive().path()), n.get("ciphertext").get("size").asLong(), "ciphertext size for keyless checks");
    assertEquals(GpgInteropTest.sha256(r.archive().path()), n.get("ciphertext").get("sha256").asText(), "ciphertext SHA-256");
    assertEquals(r.manifest().plaintext().sha256(), n.get("plaintext").get("sha256").asText());
    assertEquals(r.manifest().members().size(), n.get("member_count").asInt());
    assertTrue(r.archive().manifestJson().contains("random.bin"), "the full manifest stays in the (private) catalogue");
  }

  @Test
  void restoreChecksMembersAgainstTheEmbeddedManifestWithASmallSideManifest() throws Exception {
    var r = backup(dir.resolve("dest"));
    var report = ArchiveRestorer.run(r.archive().path(), PgpDecryption.readSecretKeys(keys.secretKey()), null, dir.resolve("to"), false, null);
    assertTrue(report.ok(), report.problems().toString());
    assertTrue(report.sideManifestChecked());
    Trees.assertSame(src, dir.resolve("to").resolve(src.toString().substring(1)));
  }

  @Test
  void restoreStillReadsAFullSideManifestOfAnEarlierVersion() throws Exception {
    var r = backup(dir.resolve("dest"));
    Files.writeString(side(r), r.manifest().toJson()); // what earlier versions wrote beside the archive
    var keyRing = PgpDecryption.readSecretKeys(keys.secretKey());
    assertTrue(ArchiveRestorer.run(r.archive().path(), keyRing, null, null, false, null).ok());
    String hash = r.manifest().members().stream().filter(m -> m.name().endsWith("random.bin")).findFirst().orElseThrow().sha256();
    Files.writeString(side(r), r.manifest().toJson().replace(hash, "0".repeat(64)));
    var report = ArchiveRestorer.run(r.archive().path(), keyRing, null, null, false, null);
    assertTrue(report.problems().stream().anyMatch(p -> p.contains("random.bin") && p.contains("SHA-256 mismatch")), report.problems().toString());
  }

  @Test
  void tamperedCiphertextHashInTheSmallSideManifestIsReported() throws Exception {
    var r = backup(dir.resolve("dest"));
    String json = Files.readString(side(r));
    Files.writeString(side(r), json.replace(r.manifest().ciphertext().sha256(), "0".repeat(64)));
    var report = ArchiveRestorer.run(r.archive().path(), PgpDecryption.readSecretKeys(keys.secretKey()), null, null, false, null);
    assertTrue(report.problems().stream().anyMatch(p -> p.contains("archive size or SHA-256 differs")), report.problems().toString());
  }

  @Test
  void archivesOfAnEarlierVersionReadableByOthersAreNarrowedAtStartWithoutFollowingLinks() throws Exception {
    Path dest = dir.resolve("dest");
    var r = backup(dest);
    Files.setPosixFilePermissions(r.archive().path(), PosixFilePermissions.fromString("rw-r--r--"));
    Path outside = Files.writeString(dir.resolve("outside.json"), "{}");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
    Files.delete(side(r));
    Files.createSymbolicLink(side(r), outside);
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, null);
    List<String> lines = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"),
        Clock.systemUTC(), null, null).tightenArchives();
    assertEquals("rw-------", mode(r.archive().path()));
    assertEquals("rw-r--r--", mode(outside), "a link planted as the side manifest is not followed");
    assertTrue(lines.stream().anyMatch(l -> l.contains(r.archive().fileName() + " was rw-r--r--, now rw-------")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.contains("left as it is") && l.contains("symbolic link")), lines.toString());
  }
}

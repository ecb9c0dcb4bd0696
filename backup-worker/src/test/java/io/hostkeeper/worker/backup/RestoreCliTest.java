package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig.Compression;
import io.hostkeeper.worker.backup.cli.BackupCli;
import io.hostkeeper.worker.backup.cli.BackupCli.Run;
import io.hostkeeper.worker.backup.pgp.PgpEncryption;
import io.hostkeeper.worker.backup.pgp.RecipientKeys;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore, verify and backup contents through the command line: exit codes, one-line errors, what is shown. */
class RestoreCliTest {
  @TempDir Path dir;
  TestKeys keys;
  Path src;
  Path cfg;

  Run cli(String... args) {
    return BackupCli.run(args);
  }

  @BeforeEach
  void setUp() throws Exception {
    keys = TestKeys.make(dir.resolve("keys"));
    src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("a.txt"), "hello");
    Files.createDirectories(src.resolve("sub"));
    Files.writeString(src.resolve("sub/b.txt"), "world");
    cfg = Files.writeString(dir.resolve("hk.yml"), String.join("\n",
        "worker:", "  data_dir: " + dir.resolve("data"),
        "backups:", "  - name: demo", "    schedule: \"@daily\"",
        "    sources: [{path: " + src + "}]",
        "    recipients: [" + keys.publicKey() + "]",
        "    destination: " + dir.resolve("dest"), ""));
  }

  Path backup() {
    Run run = cli("backup", "run", "demo", "--config", cfg.toString());
    assertEquals(0, run.code(), run.err());
    try (var s = Files.list(dir.resolve("dest"))) {
      return s.filter(p -> p.toString().endsWith(".gpg")).findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The full manifest the catalogue keeps for archive {@code a}: what earlier versions wrote beside it. */
  String fullManifest(Path a, String backup) {
    return new BackupCatalogue(TestBackups.stateDb(dir.resolve("data"))).find(backup, a.getFileName().toString())
        .orElseThrow().manifestJson();
  }

  String key() {
    return keys.secretKey().toString();
  }

  static void assertNoStackTrace(Run r) {
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }

  @Test
  void verifyOfARenamedArchiveFindsTheFormatFromItsContent() throws Exception {
    Path renamed = Files.copy(backup(), dir.resolve("tampered.gpg"));
    Run v = cli("verify", renamed.toString(), "--key", key());
    assertEquals(0, v.code(), v.err());
    assertTrue(v.out().contains("all hashes match"), v.out());
  }

  @Test
  void verifyOfAFileThatIsNotAnArchiveSaysSoInOneLineWithItsOwnExitCode() throws Exception {
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    Path notPgp = Files.write(dir.resolve("tampered.gpg"), junk);
    Run v = cli("verify", notPgp.toString(), "--key", key());
    assertEquals(3, v.code(), v.err());
    assertEquals(1, v.err().strip().lines().count(), v.err());
    assertTrue(v.err().contains("not an OpenPGP-encrypted archive"), v.err());
    assertNoStackTrace(v);

    Path notTar = dir.resolve("text.tar.zst.gpg");
    try (OutputStream f = Files.newOutputStream(notTar);
        OutputStream enc = PgpEncryption.open(f, RecipientKeys.load(keys.publicKey(), Instant.now()), "x")) {
      new ByteArrayInputStream("just some text, not a tar".getBytes(StandardCharsets.UTF_8)).transferTo(enc);
    }
    Run t = cli("verify", notTar.toString(), "--key", key());
    assertEquals(3, t.code(), t.err());
    assertTrue(t.err().contains("not a tar"), t.err());
    assertNoStackTrace(t);
  }

  @Test
  void gzipArchiveUnderAZstdNameStillVerifies() throws Exception {
    Path a = new HostileArchive().file("x.txt", "x").compression(Compression.GZIP)
        .write(dir.resolve("misnamed.tar.zst.gpg"), keys.publicKey());
    Run v = cli("verify", a.toString(), "--key", key());
    assertEquals(1, v.code(), "no manifest in this hand-made archive: a problem, but read: " + v.err());
    assertTrue(v.err().contains("holds no .hostkeeper-manifest.json"), v.err());
  }

  @Test
  void verifyFailsForTheAbsoluteSymlinkThatRestoreRefusesUnlessAllowed() throws Exception {
    Path a = new HostileArchive().file("ok.txt", "x").symlink("abs-link", "/etc/hostname")
        .write(dir.resolve("abs.tar.zst.gpg"), keys.publicKey());
    Run v = cli("verify", a.toString(), "--key", key());
    assertEquals(1, v.code(), v.out());
    assertTrue(v.err().contains("abs-link -> /etc/hostname is absolute"), v.err());
    Run r = cli("restore", a.toString(), "--key", key(), "--to", dir.resolve("to").toString());
    assertEquals(1, r.code());
    Run allowed = cli("restore", a.toString(), "--key", key(), "--to", dir.resolve("to2").toString(), "--allow-absolute-links");
    assertFalse(allowed.err().contains("abs-link"), allowed.err());
    assertTrue(Files.isSymbolicLink(dir.resolve("to2/abs-link")));
  }

  @Test
  void restoreRefusesAnUnsafeArchiveInOneLine() throws Exception {
    Path a = new HostileArchive().symlink("d", ".").file("d/x", "evil").write(dir.resolve("u.tar.zst.gpg"), keys.publicKey());
    Run r = cli("restore", a.toString(), "--key", key(), "--to", dir.resolve("to").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("restore REFUSED: archive entry d/x lies below d"), r.err());
    assertNoStackTrace(r);
    Run v = cli("verify", a.toString(), "--key", key());
    assertEquals(1, v.code());
    assertTrue(v.err().contains("restore would refuse this archive"), v.err());
  }

  @Test
  void partialRestoreOfTheLatestArchive() throws Exception {
    backup();
    Path to = dir.resolve("to");
    String sub = src.resolve("sub").toString();
    Run r = cli("restore", "--latest", "demo", "--config", cfg.toString(), "--key", key(), "--to", to.toString(), sub);
    assertEquals(0, r.code(), r.err());
    Path restored = to.resolve(src.toString().substring(1));
    assertEquals("world", Files.readString(restored.resolve("sub/b.txt")));
    assertFalse(Files.exists(restored.resolve("a.txt"), LinkOption.NOFOLLOW_LINKS), "not selected");
    Run missing = cli("restore", "--latest", "demo", "--config", cfg.toString(), "--key", key(), "--to",
        dir.resolve("to2").toString(), "/no/such/path");
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("no/such/path: no such path in the archive"), missing.err());
    Run none = cli("restore", "--latest", "nope", "--config", cfg.toString(), "--key", key(), "--to", dir.resolve("to3").toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no backup named 'nope'"), none.err());
  }

  @Test
  void contentsListsMembersFromTheSideManifestOrWithTheKeyFromTheArchive() throws Exception {
    Path a = backup();
    String rel = src.toString().substring(1);
    Run slim = cli("backup", "contents", a.toString());
    assertEquals(2, slim.code(), "the side manifest is a summary without the member list: " + slim.out());
    assertTrue(slim.err().contains("--key") && slim.err().contains("--latest"), slim.err());
    Run catalogued = cli("backup", "contents", "--latest", "demo", "--config", cfg.toString());
    assertEquals(0, catalogued.code(), catalogued.err());
    assertTrue(catalogued.out().contains(rel + "/sub/b.txt"), "from the worker's catalogue: " + catalogued.out());
    Run withKey = cli("backup", "contents", "--latest", "demo", "--config", cfg.toString(), "--key", key());
    assertEquals(0, withKey.code(), withKey.err());
    assertTrue(withKey.out().lines().anyMatch(l -> l.startsWith("file") && l.endsWith(rel + "/a.txt")), withKey.out());
    Files.writeString(a.resolveSibling(a.getFileName() + ".manifest.json"), fullManifest(a, "demo"));
    Run earlier = cli("backup", "contents", a.toString());
    assertEquals(0, earlier.code(), "an earlier version's full side manifest still lists: " + earlier.err());
    assertTrue(earlier.out().contains(rel + "/sub/b.txt"), earlier.out());
    Files.delete(a.resolveSibling(a.getFileName() + ".manifest.json"));
    Run noSide = cli("backup", "contents", a.toString());
    assertEquals(2, noSide.code());
    assertTrue(noSide.err().contains("--key"), noSide.err());
  }

  @Test
  void restoreAndVerifyShowTheBackupsOwnNotes() throws Exception {
    var config = TestBackups.config("app", java.util.List.of(TestBackups.path(src)), java.util.List.of(keys.publicKey()),
        dir.resolve("dest2"), null);
    // a file that shrinks while it is read is padded with zeros and noted in the manifest
    var r = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data2"),
        java.time.Clock.systemUTC(), null,
        f -> f.endsWith("a.txt") ? new ByteArrayInputStream(new byte[2]) : Files.newInputStream(f)).run();
    Run v = cli("verify", r.archive().path().toString(), "--key", key());
    assertTrue(v.out().contains("note from the backup run: ") && v.out().contains("a.txt: shrank"), v.out());
    Run rs = cli("restore", r.archive().path().toString(), "--key", key(), "--to", dir.resolve("to").toString());
    assertTrue(rs.out().contains("a.txt: shrank"), rs.out());
  }

  @Test
  void aPassingVerifyOfACataloguedArchiveIsRecordedAsTheBackupsLastFullVerify() throws Exception {
    Path a = backup();
    var state = new io.hostkeeper.worker.backup.check.CheckState(TestBackups.stateDb(dir.resolve("data")));
    Run bare = cli("verify", a.toString(), "--key", key());
    assertEquals(0, bare.code(), bare.err());
    assertTrue(state.find("demo").map(r -> r.lastVerified()).isEmpty(), "without --config nothing is recorded anywhere");
    java.time.Instant before = java.time.Instant.now().minusSeconds(1);
    Run latest = cli("verify", "--latest", "demo", "--config", cfg.toString(), "--key", key());
    assertEquals(0, latest.code(), latest.err());
    assertTrue(latest.out().contains("recorded as the last full verify of backup 'demo'"), latest.out());
    assertTrue(state.find("demo").orElseThrow().lastVerified().isAfter(before));
    Files.write(a, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    java.time.Instant recorded = state.find("demo").orElseThrow().lastVerified();
    Run damaged = cli("verify", a.toString(), "--config", cfg.toString(), "--key", key());
    assertTrue(damaged.code() != 0, damaged.out());
    assertEquals(recorded, state.find("demo").orElseThrow().lastVerified(), "a failing verify records nothing");
  }
}

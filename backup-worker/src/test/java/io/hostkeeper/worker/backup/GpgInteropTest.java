package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.archive.Sha256;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Archives we write, opened by stock gpg (keys made by gpg) and by our own restore. */
class GpgInteropTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rsa, rsa2048, rsa2048", "cv25519, ed25519, cv25519"})
  void stockGpgDecryptsOurArchiveByteForByte(String label, String primary, String enc) throws Exception {
    try (Gpg gpg = new Gpg(dir)) {
    String fpr = gpg.generate("Test " + label + " <" + label + "@example.org>", primary, enc);
    Path pub = gpg.exportPublic(fpr, dir.resolve(label + ".asc"));
    Path src = Trees.build(dir.resolve("src"));
    var catalogue = new BackupCatalogue(TestBackups.stateDb(dir));
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(pub), dir.resolve("dest"), null);
    var result = new BackupRunner(config, catalogue, dir.resolve("data"), Clock.systemUTC(), null, null).run();
    Path archive = result.archive().path();
    assertTrue(archive.getFileName().toString().matches("app-\\d{8}T\\d{6}Z\\.tar\\.zst\\.gpg"), archive.toString());

    // gpg -d ARCHIVE | zstd -d | tar -x, each stage a stock tool
    Path plain = dir.resolve("plain.tar.zst");
    gpg.ok(plain, "--decrypt", archive.toString());
    assertEquals(result.manifest().plaintext().sha256(), sha256(plain), "plaintext hash in the manifest");

    // the packets GnuPG 2.2/2.4 expect: PKESK, SEIPD v1 with MDC (AES-256), the literal data, and
    // no OpenPGP compression packet on top of zstd
    var packets = gpg.ok(null, "--verbose", "--list-packets", archive.toString());
    String all = packets.out() + packets.err();
    assertTrue(all.contains(":pubkey enc packet:") && all.contains(":encrypted data packet:")
        && all.contains("mdc_method: 2") && all.contains(":literal data packet:"), all);
    assertTrue(all.contains("AES256"), all);
    assertTrue(!all.contains(":compressed packet:") && !all.contains(":aead encrypted packet:"), all);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path zstdBin = io.hostkeeper.common.testing.RealStack.require("zstd", "zstd");
    Process zstd = new ProcessBuilder(zstdBin.toString(), "-d", "-q", "-f", plain.toString(), "-o", dir.resolve("plain.tar").toString())
        .inheritIO().start();
    assertEquals(0, zstd.waitFor());
    Process tar = new ProcessBuilder("tar", "-x", "-p", "-f", dir.resolve("plain.tar").toString(), "-C", out.toString())
        .inheritIO().start();
    assertEquals(0, tar.waitFor());
    Files.delete(out.resolve(".hostkeeper-manifest.json"));
    Trees.assertSame(src, out.resolve(ArchiveContentAccess.memberName(src)));

    // and our own restore, with gpg's secret key
    Path sec = gpg.exportSecret(fpr, dir.resolve(label + "-secret.asc"));
    Path restored = dir.resolve("restored");
    var report = ArchiveRestorer.run(archive, PgpDecryption.readSecretKeys(sec), null, restored, false, null);
    assertTrue(report.ok(), report.problems().toString());
    assertTrue(report.sideManifestChecked());
    Trees.assertSame(src, restored.resolve(ArchiveContentAccess.memberName(src)));
    }
  }

  @Test
  void keysFromKeysGenerateAreImportedByGpgAndDecrypt() throws Exception {
    try (Gpg gpg = new Gpg(dir)) {
    var key = io.hostkeeper.worker.backup.pgp.KeyGeneration.generate("Backup Key", "backup@example.org",
        "correct horse".toCharArray(), new java.util.Date());
    Path pub = Files.writeString(dir.resolve("pub.asc"), key.publicArmored());
    Path sec = Files.writeString(dir.resolve("sec.asc"), key.secretArmored());
    gpg.ok(null, "--import", pub.toString());
    var listed = gpg.ok(null, "--with-colons", "--list-keys", key.fingerprint()).out();
    assertTrue(listed.contains("cv25519") || listed.contains(":18:"), listed);

    Path src = Trees.build(dir.resolve("src"));
    var config = TestBackups.config("gen", List.of(TestBackups.path(src)), List.of(pub), dir.resolve("dest"), null);
    var result = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"),
        Clock.systemUTC(), null, null).run();

    // the secret key imports into gpg (with its passphrase) and gpg decrypts with it
    List<String> passArgs = List.of("--passphrase", "correct horse");
    var imp = gpg.run(null, "--passphrase", "correct horse", "--import", sec.toString());
    assertEquals(0, imp.exit(), imp.err());
    Path plain = dir.resolve("plain");
    var dec = gpg.run(plain, passArgs.get(0), passArgs.get(1), "--decrypt", result.archive().path().toString());
    assertEquals(0, dec.exit(), dec.err());
    assertEquals(result.manifest().plaintext().sha256(), sha256(plain));

    var report = ArchiveRestorer.run(result.archive().path(), PgpDecryption.readSecretKeys(sec),
        "correct horse".toCharArray(), null, false, null);
    assertTrue(report.ok(), report.problems().toString());
    }
  }

  static String sha256(Path p) throws Exception {
    try (var in = new Sha256.In(Files.newInputStream(p))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return in.hex();
    }
  }

  /** memberName is package-private in archive; the same rule, for tests. */
  static final class ArchiveContentAccess {
    static String memberName(Path p) {
      return p.toAbsolutePath().toString().substring(1);
    }
  }
}

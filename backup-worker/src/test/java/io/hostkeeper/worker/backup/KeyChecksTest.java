package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.worker.backup.pgp.KeyProblem;
import io.hostkeeper.worker.backup.pgp.RecipientKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipient keys made by stock gpg: usable, without encryption subkey, expired, revoked. */
class KeyChecksTest {
  @TempDir Path dir;

  @Test
  void encryptionSubkeyIsChosenByKeyFlags() throws Exception {
    try (Gpg gpg = new Gpg(dir)) {
      String fpr = gpg.generate("Flags <flags@example.org>", "ed25519", "cv25519");
      String encFpr = subkeyFingerprint(gpg, fpr);
      var keys = RecipientKeys.load(gpg.exportPublic(fpr, dir.resolve("k.asc")), Instant.now());
      assertEquals(1, keys.size());
      assertEquals(fpr, keys.get(0).fingerprint());
      assertEquals(encFpr, keys.get(0).encryptionFingerprint(), "the cv25519 subkey, not the signing primary");
    }
  }

  @Test
  void keyWithoutEncryptionSubkeyIsRefusedNamingTheFingerprint() throws Exception {
    try (Gpg gpg = new Gpg(dir)) {
      String fpr = gpg.generate("Sign Only <sign@example.org>", "ed25519", null);
      Path pub = gpg.exportPublic(fpr, dir.resolve("sign-only.asc"));
      var e = assertThrows(KeyProblem.class, () -> RecipientKeys.load(pub, Instant.now()));
      assertTrue(e.getMessage().contains(fpr) && e.getMessage().contains("no encryption-capable"), e.getMessage());
    }
  }

  @Test
  void expiredKeyAndExpiredSubkeyAreRefused() throws Exception {
    try (Gpg gpg = new Gpg(dir)) {
      gpg.ok(null, "--quick-gen-key", "Expiring <exp@example.org>", "ed25519", "sign,cert", "1y");
      String fpr = gpg.fingerprint("exp@example.org");
      gpg.ok(null, "--quick-add-key", fpr, "cv25519", "encr", "1y");
      Path pub = gpg.exportPublic(fpr, dir.resolve("exp.asc"));
      RecipientKeys.load(pub, Instant.now()); // usable today
      var e = assertThrows(KeyProblem.class, () -> RecipientKeys.load(pub, Instant.now().plus(Duration.ofDays(800))));
      assertTrue(e.getMessage().contains(fpr) && e.getMessage().contains("expired"), e.getMessage());

      gpg.ok(null, "--quick-gen-key", "Sub Expiring <subexp@example.org>", "ed25519", "sign,cert", "never");
      String fpr2 = gpg.fingerprint("subexp@example.org");
      gpg.ok(null, "--quick-add-key", fpr2, "cv25519", "encr", "1y");
      Path pub2 = gpg.exportPublic(fpr2, dir.resolve("subexp.asc"));
      var e2 = assertThrows(KeyProblem.class, () -> RecipientKeys.load(pub2, Instant.now().plus(Duration.ofDays(800))));
      assertTrue(e2.getMessage().contains(subkeyFingerprint(gpg, fpr2)) && e2.getMessage().contains("expired"), e2.getMessage());
    }
  }

  @Test
  void revokedKeyIsRefusedNamingTheFingerprint() throws Exception {
    try (Gpg gpg = new Gpg(dir)) {
      String fpr = gpg.generate("Revoked <rev@example.org>", "ed25519", "cv25519");
      Path rev = gpg.home.resolve("openpgp-revocs.d").resolve(fpr + ".rev");
      // gpg prefixes the armor line with ':' so the certificate is not imported by accident
      Path armed = Files.writeString(dir.resolve("rev.asc"), Files.readString(rev).replace(":-----BEGIN PGP", "-----BEGIN PGP"));
      gpg.ok(null, "--import", armed.toString());
      Path pub = gpg.exportPublic(fpr, dir.resolve("revoked.asc"));
      var e = assertThrows(KeyProblem.class, () -> RecipientKeys.load(pub, Instant.now()));
      assertTrue(e.getMessage().contains(fpr) && e.getMessage().contains("revoked"), e.getMessage());
    }
  }

  @Test
  void configCheckNamesPathAndLine() throws Exception {
    try (Gpg gpg = new Gpg(dir)) {
      String fpr = gpg.generate("Good <good@example.org>", "rsa2048", "rsa2048");
      Path good = gpg.exportPublic(fpr, dir.resolve("good.asc"));
      Path src = Files.createDirectories(dir.resolve("src"));
      String yaml = String.join("\n",
          "backups:",
          "  - name: app",
          "    schedule: \"@daily\"",
          "    sources:",
          "      - path: " + src,
          "      - sqlite: " + dir.resolve("missing.db"),
          "    recipients:",
          "      - " + good,
          "      - " + dir.resolve("nope.asc"),
          "    destination: " + dir.resolve("a-file/sub"),
          "");
      Files.writeString(dir.resolve("a-file"), "x");
      var loaded = ConfigLoader.parse(yaml, "test.yml");
      List<ConfigError> errors = BackupChecks.check(loaded);
      List<String> shown = errors.stream().map(ConfigError::toString).toList();
      assertEquals(3, errors.size(), shown.toString());
      assertTrue(shown.get(0).startsWith("backups[0].recipients[1]: line 9: ") && shown.get(0).contains("file not found"), shown.get(0));
      assertTrue(shown.get(1).startsWith("backups[0].destination: line 10: ") && shown.get(1).contains("cannot be created"), shown.get(1));
      assertTrue(shown.get(2).startsWith("backups[0].sources[1].sqlite: line 6: ") && shown.get(2).contains("missing_ok"), shown.get(2));
    }
  }

  private static String subkeyFingerprint(Gpg gpg, String fpr) throws Exception {
    String[] lines = gpg.ok(null, "--with-colons", "--list-keys", fpr).out().split("\n");
    for (int i = 0; i < lines.length - 1; i++) {
      if (lines[i].startsWith("sub:") && lines[i + 1].startsWith("fpr:")) return lines[i + 1].split(":")[9];
    }
    throw new IllegalStateException("no subkey");
  }
}

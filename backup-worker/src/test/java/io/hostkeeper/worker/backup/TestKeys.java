package io.hostkeeper.worker.backup;

import io.hostkeeper.worker.backup.pgp.KeyGeneration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

/** A key pair made in-process (no gpg), for tests that are not about gpg. */
record TestKeys(Path publicKey, Path secretKey, String fingerprint) {
  static TestKeys make(Path dir) throws Exception {
    Files.createDirectories(dir);
    var k = KeyGeneration.generate("Test", "test@example.org", null, Date.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
    return new TestKeys(Files.writeString(dir.resolve("pub.asc"), k.publicArmored()),
        Files.writeString(dir.resolve("sec.asc"), k.secretArmored()), k.fingerprint());
  }
}

package io.hostkeeper.worker.backup.pgp;

import java.nio.file.Path;
import java.util.Objects;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * One recipient of a backup: the certificate's primary fingerprint and user id (for messages and
 * the manifest) and the (sub)key the archive's session key is encrypted to.
 */
public record RecipientKey(Path file, String fingerprint, String userId, PGPPublicKey encryptionKey) {
  public RecipientKey {
    Objects.requireNonNull(file);
    Objects.requireNonNull(fingerprint);
    Objects.requireNonNull(encryptionKey);
  }

  /** Hex fingerprint of the encryption subkey. */
  public String encryptionFingerprint() {
    return Fingerprints.hex(encryptionKey.getFingerprint());
  }
}

package io.hostkeeper.worker.backup.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.backup.pgp.KeyGeneration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.junit.jupiter.api.Test;

/** The terminal prompt is offered only for a key protected by a passphrase. */
class PassphrasePromptTest {
  static PGPSecretKeyRingCollection keys(char[] pass) throws Exception {
    var k = KeyGeneration.generate("T", "t@example.org", pass, new Date());
    return new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(
        new ByteArrayInputStream(k.secretArmored().getBytes(StandardCharsets.US_ASCII))), new JcaKeyFingerprintCalculator());
  }

  @Test
  void onlyAProtectedKeyNeedsAPassphrase() throws Exception {
    assertTrue(CliSupport.needsPassphrase(keys("secret".toCharArray())));
    assertFalse(CliSupport.needsPassphrase(keys(null)));
  }
}

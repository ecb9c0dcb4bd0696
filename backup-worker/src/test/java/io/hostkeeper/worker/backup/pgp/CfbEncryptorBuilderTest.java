package io.hostkeeper.worker.backup.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Random;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.junit.jupiter.api.Test;

/** Our reused-buffer AES stream writes exactly the bytes the library's own stream writes. */
class CfbEncryptorBuilderTest {
  @Test
  void sameCiphertextAsTheLibrarysStreamWhateverTheWriteSizes() throws Exception {
    Random random = new Random(9);
    byte[] key = new byte[32];
    random.nextBytes(key);
    byte[] data = new byte[300_001];
    random.nextBytes(data);

    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    try (OutputStream out = new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
        .setProvider("SunJCE").build(key).getOutputStream(theirs)) {
      out.write(data);
    }
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    try (OutputStream out = new CfbEncryptorBuilder().build(key).getOutputStream(ours)) {
      Random sizes = new Random(10);
      for (int off = 0; off < data.length; ) {
        int n = Math.min(sizes.nextInt(3) == 0 ? 1 + sizes.nextInt(40) : 1 + sizes.nextInt(200_000), data.length - off);
        if (n == 1) out.write(data[off]);
        else out.write(data, off, n);
        off += n;
      }
    }
    assertArrayEquals(theirs.toByteArray(), ours.toByteArray());
  }
}

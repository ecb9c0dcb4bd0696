package io.hostkeeper.worker.backup.pgp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * Opens an OpenPGP-encrypted file with a secret key (for {@code restore} and {@code verify}; the
 * worker itself never needs one). The returned stream checks the integrity packet (MDC) at its end
 * and throws if it does not match, so a truncated or altered archive is never silently accepted.
 */
public final class PgpDecryption {
  private PgpDecryption() {}

  public static PGPSecretKeyRingCollection readSecretKeys(Path file) throws KeyProblem {
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
      return new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
    } catch (NoSuchFileException e) {
      throw new KeyProblem(file + ": file not found; give the private key (gpg --export-secret-keys --armor KEYID)");
    } catch (IOException | PGPException | RuntimeException e) {
      throw new KeyProblem(file + ": not an OpenPGP private key (" + e.getMessage()
          + "); expected the output of gpg --export-secret-keys --armor or of keys generate");
    }
  }

  /** The decrypted literal data of {@code ciphertext}; MDC checked when the stream reaches its end. */
  public static InputStream open(InputStream ciphertext, PGPSecretKeyRingCollection keys, char[] passphrase)
      throws IOException, KeyProblem {
    try {
      JcaPGPObjectFactory factory = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(ciphertext));
      Object first = factory.nextObject();
      if (!(first instanceof PGPEncryptedDataList)) first = factory.nextObject();
      if (!(first instanceof PGPEncryptedDataList list)) {
        throw new IOException("not an OpenPGP-encrypted file");
      }
      List<String> wanted = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof PGPPublicKeyEncryptedData pked)) continue;
        PGPSecretKey secret = keys.getSecretKey(pked.getKeyID());
        wanted.add(String.format("%016X", pked.getKeyID()));
        if (secret == null) continue;
        PGPPrivateKey priv = unlock(secret, passphrase);
        InputStream clear = pked.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder()
            .setProvider(PgpEncryption.provider()).setContentProvider("SunJCE").build(priv));
        if (!pked.isIntegrityProtected()) throw new IOException("archive has no integrity protection (MDC); refusing it");
        return new Verifying(literalData(clear), pked);
      }
      throw new KeyProblem("none of the given keys can decrypt this archive; it is encrypted to key id(s) " + String.join(", ", wanted));
    } catch (PGPException e) {
      throw new IOException("cannot decrypt: " + e.getMessage(), e);
    }
  }

  private static PGPPrivateKey unlock(PGPSecretKey secret, char[] passphrase) throws KeyProblem {
    try {
      return secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder()
          .setProvider(PgpEncryption.provider()).build(passphrase == null ? new char[0] : passphrase));
    } catch (PGPException e) {
      throw new KeyProblem("cannot unlock private key " + String.format("%016X", secret.getKeyID())
          + (passphrase == null || passphrase.length == 0
              ? ": it is protected by a passphrase; give it with --passphrase-file"
              : ": wrong passphrase (" + e.getMessage() + ")"));
    }
  }

  private static InputStream literalData(InputStream clear) throws IOException, PGPException {
    JcaPGPObjectFactory f = new JcaPGPObjectFactory(clear);
    Object o = f.nextObject();
    if (o instanceof PGPCompressedData c) {
      f = new JcaPGPObjectFactory(c.getDataStream());
      o = f.nextObject();
    }
    if (!(o instanceof PGPLiteralData lit)) throw new IOException("unexpected OpenPGP content: " + o);
    return lit.getInputStream();
  }

  /** Checks the MDC once the data has been read to its end. */
  private static final class Verifying extends FilterInputStream {
    private final PGPPublicKeyEncryptedData data;
    private boolean checked;

    Verifying(InputStream in, PGPPublicKeyEncryptedData data) {
      super(in);
      this.data = data;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) check();
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) check();
      return n;
    }

    private void check() throws IOException {
      if (checked) return;
      checked = true;
      try {
        if (!data.verify()) throw new IOException("integrity check (MDC) failed: the archive was altered or is damaged");
      } catch (PGPException e) {
        throw new IOException("integrity check (MDC) failed: " + e.getMessage(), e);
      }
    }
  }
}

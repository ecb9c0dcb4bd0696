package io.hostkeeper.worker.backup.pgp;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.operator.PGPDataEncryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * AES-256 for a SEIPD v1 packet (with MDC) exactly as the library builds it (CFB over the whole
 * packet body with an all-zero IV; the random prefix is the generator's), but written through a
 * stream that encrypts into one reused buffer. The library's stream asks the cipher for a new
 * array on every write, which for a backup is about twice the archive's size in garbage.
 */
final class CfbEncryptorBuilder extends JcePGPDataEncryptorBuilder {
  private static final int AES_BLOCK = 16;

  CfbEncryptorBuilder() {
    super(SymmetricKeyAlgorithmTags.AES_256);
    setWithIntegrityPacket(true);
    setProvider("SunJCE");
  }

  @Override
  public PGPDataEncryptor build(byte[] keyBytes) throws PGPException {
    PGPDataEncryptor library = super.build(keyBytes); // its MDC calculator and block size are used as they are
    Cipher cipher;
    try {
      cipher = Cipher.getInstance("AES/CFB/NoPadding", "SunJCE");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new IvParameterSpec(new byte[AES_BLOCK]));
    } catch (GeneralSecurityException e) {
      throw new PGPException("cannot set up AES-256: " + e.getMessage(), e);
    }
    return new PGPDataEncryptor() {
      @Override
      public OutputStream getOutputStream(OutputStream out) {
        return new CipherSink(out, cipher);
      }

      @Override
      public PGPDigestCalculator getIntegrityCalculator() {
        return library.getIntegrityCalculator();
      }

      @Override
      public int getBlockSize() {
        return library.getBlockSize();
      }
    };
  }

  /** Encrypts what is written into one growing buffer; closing finishes the cipher and closes {@code out}. */
  static final class CipherSink extends OutputStream {
    private final OutputStream out;
    private final Cipher cipher;
    private byte[] buf = new byte[1 << 16];
    private boolean closed;

    CipherSink(OutputStream out, Cipher cipher) {
      this.out = out;
      this.cipher = cipher;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) return;
      int need = cipher.getOutputSize(len);
      if (need > buf.length) buf = new byte[Math.max(need, buf.length * 2)];
      try {
        int n = cipher.update(b, off, len, buf, 0);
        if (n > 0) out.write(buf, 0, n);
      } catch (GeneralSecurityException e) {
        throw new IOException("AES-256 encryption failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      try {
        int need = cipher.getOutputSize(0);
        if (need > buf.length) buf = new byte[need];
        int n = cipher.doFinal(buf, 0);
        if (n > 0) out.write(buf, 0, n);
      } catch (GeneralSecurityException e) {
        throw new IOException("AES-256 encryption failed: " + e.getMessage(), e);
      } finally {
        out.flush();
        out.close();
      }
    }
  }
}

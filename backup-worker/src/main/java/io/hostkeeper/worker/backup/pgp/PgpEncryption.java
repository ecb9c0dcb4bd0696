package io.hostkeeper.worker.backup.pgp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Date;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * OpenPGP encryption as GnuPG 2.2 and 2.4 both read it: a v4 PKESK per recipient, a SEIPD v1
 * packet (with MDC) under AES-256, holding one binary literal data packet. No OpenPGP compression
 * packet: the payload is already compressed. Streamed with partial-length packets.
 *
 * <p>The bulk cipher runs on the JDK's provider (AES-NI intrinsics) through {@link CfbEncryptorBuilder}
 * (no array per write); BouncyCastle's provider is used for the public-key step (X25519/ECDH).
 */
public final class PgpEncryption {
  private static final BouncyCastleProvider BC = provider();
  private static final int PACKET_BUFFER = 1 << 16;

  private PgpEncryption() {}

  static BouncyCastleProvider provider() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) instanceof BouncyCastleProvider p) return p;
    return new BouncyCastleProvider();
  }

  /**
   * A stream that encrypts what is written to {@code sink} for every recipient. Closing it finishes
   * the OpenPGP packets but does not close {@code sink}.
   */
  public static OutputStream open(OutputStream sink, List<RecipientKey> recipients, String literalName) throws IOException {
    if (recipients.isEmpty()) throw new IllegalArgumentException("at least one recipient is needed");
    SecureRandom random = new SecureRandom();
    PGPEncryptedDataGenerator encGen = new PGPEncryptedDataGenerator(new CfbEncryptorBuilder().setSecureRandom(random));
    for (RecipientKey r : recipients) {
      encGen.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(r.encryptionKey())
          .setProvider(BC).setSecureRandom(random));
    }
    try {
      OutputStream encrypted = encGen.open(new NonClosing(sink), new byte[PACKET_BUFFER]);
      PGPLiteralDataGenerator litGen = new PGPLiteralDataGenerator();
      OutputStream literal = litGen.open(encrypted, PGPLiteralData.BINARY, literalName, new Date(), new byte[PACKET_BUFFER]);
      return new FilterOutputStream(literal) {
        private boolean closed;

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          this.out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          if (closed) return;
          closed = true;
          litGen.close();
          encGen.close();
        }
      };
    } catch (PGPException e) {
      throw new IOException("cannot start OpenPGP encryption: " + e.getMessage(), e);
    }
  }

  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}

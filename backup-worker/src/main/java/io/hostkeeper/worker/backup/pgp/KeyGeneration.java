package io.hostkeeper.worker.backup.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.PGPKeyPairGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPairGeneratorProvider;

/**
 * A v4 key pair that GnuPG 2.2+ imports: an Ed25519 (legacy EdDSA) primary key for certification
 * and a Curve25519 (legacy ECDH, "cv25519") encryption subkey, the same shape
 * {@code gpg --quick-gen-key NAME future-default} makes. The secret key is protected with the
 * passphrase when one is given (iterated and salted S2K, SHA-256, AES-256).
 */
public final class KeyGeneration {
  private KeyGeneration() {}

  /** Armored public and secret key blocks, and the primary fingerprint. */
  public record GeneratedKey(String fingerprint, String publicArmored, String secretArmored) {}

  public static GeneratedKey generate(String name, String email, char[] passphrase, Date created) throws PGPException, IOException {
    String userId = email == null || email.isBlank() ? name : name + " <" + email + ">";
    SecureRandom random = new SecureRandom();
    PGPKeyPairGenerator gen = new BcPGPKeyPairGeneratorProvider().setSecureRandom(random)
        .get(PublicKeyPacket.VERSION_4, created);
    PGPKeyPair primary = gen.generateLegacyEd25519KeyPair();
    PGPKeyPair encryption = gen.generateLegacyX25519KeyPair();

    PGPSignatureSubpacketGenerator primaryAttrs = new PGPSignatureSubpacketGenerator();
    primaryAttrs.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
    primaryAttrs.setPreferredSymmetricAlgorithms(false, new int[] {
        SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_192, SymmetricKeyAlgorithmTags.AES_128});
    primaryAttrs.setPreferredHashAlgorithms(false, new int[] {
        HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256});
    primaryAttrs.setPreferredCompressionAlgorithms(false, new int[] {0});
    primaryAttrs.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);

    PGPSignatureSubpacketGenerator subAttrs = new PGPSignatureSubpacketGenerator();
    subAttrs.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);

    BcPGPDigestCalculatorProvider digests = new BcPGPDigestCalculatorProvider();
    PGPDigestCalculator sha1 = digests.get(HashAlgorithmTags.SHA1);
    var protector = passphrase == null || passphrase.length == 0 ? null
        : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, digests.get(HashAlgorithmTags.SHA256), 0xc0)
            .setSecureRandom(random).build(passphrase);
    PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId, sha1,
        primaryAttrs.generate(), null,
        new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512), protector);
    rings.addSubKey(encryption, subAttrs.generate(), null);

    PGPPublicKeyRing pub = rings.generatePublicKeyRing();
    PGPSecretKeyRing sec = rings.generateSecretKeyRing();
    return new GeneratedKey(Fingerprints.hex(pub.getPublicKey().getFingerprint()), armor(pub.getEncoded()), armor(sec.getEncoded()));
  }

  private static String armor(byte[] encoded) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
      out.write(encoded);
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}

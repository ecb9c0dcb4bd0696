package io.hostkeeper.worker.backup.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;

/**
 * Reads recipients' public keys (armored, as {@code gpg --export --armor} writes them, or binary)
 * and picks each certificate's encryption (sub)key by its key flags. Refuses certificates that are
 * revoked or expired and subkeys that are, naming the fingerprint. Only v4 keys are accepted: that
 * is what GnuPG 2.2 and 2.4 both read.
 */
public final class RecipientKeys {
  private static final int ENCRYPT = KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE;

  private RecipientKeys() {}

  /** Every certificate in {@code file}, each with its chosen encryption key. */
  public static List<RecipientKey> load(Path file, Instant now) throws KeyProblem {
    PGPPublicKeyRingCollection rings = read(file);
    List<RecipientKey> result = new ArrayList<>();
    for (PGPPublicKeyRing ring : rings) {
      result.add(choose(file, ring, now));
    }
    if (result.isEmpty()) {
      throw new KeyProblem(file + ": contains no public key; export one with gpg --export --armor KEYID > " + file);
    }
    return result;
  }

  static PGPPublicKeyRingCollection read(Path file) throws KeyProblem {
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
      PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
      return rings;
    } catch (NoSuchFileException e) {
      throw new KeyProblem(file + ": file not found; export the recipient's public key with gpg --export --armor KEYID > " + file);
    } catch (AccessDeniedException e) {
      throw new KeyProblem(file + ": not readable by this user; fix its permissions");
    } catch (IOException | PGPException | RuntimeException e) {
      String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (what.contains("secret key")) what = "it holds a secret key; give the public key (gpg --export --armor)";
      throw new KeyProblem(file + ": not an OpenPGP public key (" + what + "); expected the output of gpg --export --armor");
    }
  }

  private static RecipientKey choose(Path file, PGPPublicKeyRing ring, Instant now) throws KeyProblem {
    PGPPublicKey primary = ring.getPublicKey();
    String fpr = Fingerprints.hex(primary.getFingerprint());
    String userId = firstUserId(primary);
    String who = "key " + fpr + (userId.isEmpty() ? "" : " (" + userId + ")");
    if (primary.getVersion() != 4) {
      throw new KeyProblem(file + ": " + who + " is a version " + primary.getVersion()
          + " key; GnuPG 2.2/2.4 read only v4 keys, export a v4 key");
    }
    if (primary.hasRevocation()) {
      throw new KeyProblem(file + ": " + who + " is revoked; use another recipient key");
    }
    Instant expiry = expiry(primary, primary.getValidSeconds());
    if (expiry != null && !now.isBefore(expiry)) {
      throw new KeyProblem(file + ": " + who + " expired on " + expiry
          + "; extend it (gpg --quick-set-expire " + fpr + " 2y) and export it again, or use another key");
    }
    PGPPublicKey best = null;
    List<String> rejected = new ArrayList<>();
    for (PGPPublicKey key : ring) {
      if (!canEncrypt(key, primary)) continue;
      String kfpr = Fingerprints.hex(key.getFingerprint());
      if (!key.isMasterKey() && key.hasRevocation()) {
        rejected.add("subkey " + kfpr + " is revoked");
        continue;
      }
      Instant kexp = key.isMasterKey() ? expiry : expiry(key, bindingExpirySeconds(key));
      if (kexp != null && !now.isBefore(kexp)) {
        rejected.add("subkey " + kfpr + " expired on " + kexp);
        continue;
      }
      if (key.getCreationTime().toInstant().isAfter(now)) {
        rejected.add("subkey " + kfpr + " is created in the future");
        continue;
      }
      if (best == null || key.getCreationTime().after(best.getCreationTime())) best = key;
    }
    if (best == null) {
      String why = rejected.isEmpty() ? "has no encryption-capable (sub)key" : "has no usable encryption subkey: " + String.join(", ", rejected);
      throw new KeyProblem(file + ": " + who + " " + why
          + "; add one (gpg --quick-add-key " + fpr + " cv25519 encr) and export the key again");
    }
    return new RecipientKey(file, fpr, userId, best);
  }

  /** True when the key flags (from its binding or self signature) allow encryption. */
  static boolean canEncrypt(PGPPublicKey key, PGPPublicKey primary) {
    if (!key.isEncryptionKey()) return false;
    Integer flags = keyFlags(key);
    return flags == null || (flags & ENCRYPT) != 0;
  }

  private static Integer keyFlags(PGPPublicKey key) {
    PGPSignature latest = null;
    Iterator<PGPSignature> sigs = key.isMasterKey() ? key.getSignatures() : key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
    while (sigs.hasNext()) {
      PGPSignature s = sigs.next();
      if (s.getHashedSubPackets() == null || s.getHashedSubPackets().getKeyFlags() == 0) continue;
      if (key.isMasterKey() && !isSelfCertification(s)) continue;
      if (latest == null || s.getCreationTime().after(latest.getCreationTime())) latest = s;
    }
    return latest == null ? null : latest.getHashedSubPackets().getKeyFlags();
  }

  private static boolean isSelfCertification(PGPSignature s) {
    int t = s.getSignatureType();
    return t == PGPSignature.POSITIVE_CERTIFICATION || t == PGPSignature.DEFAULT_CERTIFICATION
        || t == PGPSignature.CASUAL_CERTIFICATION || t == PGPSignature.NO_CERTIFICATION
        || t == PGPSignature.DIRECT_KEY;
  }

  private static long bindingExpirySeconds(PGPPublicKey subkey) {
    PGPSignature latest = null;
    Iterator<PGPSignature> sigs = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
    while (sigs.hasNext()) {
      PGPSignature s = sigs.next();
      if (latest == null || s.getCreationTime().after(latest.getCreationTime())) latest = s;
    }
    if (latest == null || latest.getHashedSubPackets() == null) return 0;
    return latest.getHashedSubPackets().getKeyExpirationTime();
  }

  private static Instant expiry(PGPPublicKey key, long validSeconds) {
    if (validSeconds <= 0) return null;
    Date created = key.getCreationTime();
    return created.toInstant().plusSeconds(validSeconds);
  }

  private static String firstUserId(PGPPublicKey primary) {
    Iterator<String> ids = primary.getUserIDs();
    return ids.hasNext() ? ids.next() : "";
  }
}

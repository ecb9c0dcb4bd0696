package io.hostkeeper.common.web;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate chain and key a TLS port serves, and the CAs its client certificates must chain
 * to, as read from the files of {@code tls_server_config}. Checked on construction: the key belongs
 * to the first certificate.
 *
 * @param chain the server's certificate first
 * @param clientCas empty without client_ca_file
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientCas) {
  /** In-memory key stores only; the password guards nothing on disk. */
  static final char[] STORE_PASSWORD = "hostkeeper".toCharArray();

  public TlsMaterial {
    chain = List.copyOf(chain);
    clientCas = List.copyOf(clientCas);
    if (chain.isEmpty()) throw new IllegalArgumentException("no certificate");
    if (!matches(key, chain.get(0))) {
      throw new IllegalArgumentException("the private key does not belong to the certificate (the first one in cert_file)");
    }
  }

  /** From the bytes of cert_file, key_file and client_ca_file (null when not given). */
  public static TlsMaterial parse(byte[] cert, byte[] key, byte[] clientCa) {
    return new TlsMaterial(Pem.certificates(cert), Pem.privateKey(key), clientCa == null ? List.of() : Pem.certificates(clientCa));
  }

  /** Signs a probe with the key and verifies it with the certificate's public key. */
  static boolean matches(PrivateKey key, X509Certificate cert) {
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "Ed448" -> "Ed448";
      case "RSASSA-PSS" -> "RSASSA-PSS";
      default -> null;
    };
    if (alg == null || alg.equals("RSASSA-PSS")) return true; // the handshake will tell
    try {
      byte[] probe = "hostkeeper key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A key store with the chain and key under alias "server" (password {@link #STORE_PASSWORD}). */
  public KeyStore keyStore() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
      return ks;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the key store", e);
    }
  }

  /** A trust store with the client CAs; null without any. */
  public KeyStore trustStore() {
    if (clientCas.isEmpty()) return null;
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int i = 0; i < clientCas.size(); i++) ks.setCertificateEntry("ca" + i, clientCas.get(i));
      return ks;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the trust store", e);
    }
  }

  /** The serial of the served certificate, for logs. */
  public String serial() {
    return chain.get(0).getSerialNumber().toString(16);
  }
}

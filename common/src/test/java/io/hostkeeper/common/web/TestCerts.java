package io.hostkeeper.common.web;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA and the certificates it signs, for TLS tests (EC P-256 or RSA keys). */
public final class TestCerts {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate and its key pair. */
  public record Issued(X509Certificate cert, KeyPair keys) {
    public String certPem() {
      return pem(cert);
    }

    /** The key as PKCS#8 ({@code PRIVATE KEY}). */
    public String keyPem() {
      try {
        return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** The key in OpenSSL's traditional form ({@code RSA PRIVATE KEY} / {@code EC PRIVATE KEY}). */
    public String traditionalKeyPem() {
      return pem(keys.getPrivate());
    }

    public BigInteger serial() {
      return cert.getSerialNumber();
    }

    /** Writes the certificate and the key (mode 600) to the two files. */
    public void write(Path certFile, Path keyFile) throws IOException {
      Files.writeString(certFile, certPem());
      Files.writeString(keyFile, keyPem());
      try {
        Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
    }

    /** A client SSLContext presenting this certificate and trusting {@code ca}. */
    public SSLContext clientContext(Issued ca) {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", keys.getPrivate(), "x".toCharArray(), new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trusting(ca).getTrustManagers(), RANDOM);
        return ctx;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private TestCerts() {}

  public static Issued ca(String cn) {
    KeyPair keys = ec();
    return new Issued(build(cn, keys, cn, keys, BigInteger.valueOf(RANDOM.nextInt(1 << 30)), true, false), keys);
  }

  /** A server certificate for 127.0.0.1, ::1 and localhost. */
  public static Issued server(Issued ca, long serial) {
    KeyPair keys = ec();
    return new Issued(build("localhost", keys, subject(ca), ca.keys(), BigInteger.valueOf(serial), false, true), keys);
  }

  /** As {@link #server(Issued, long)} with an RSA key. */
  public static Issued rsaServer(Issued ca, long serial) {
    KeyPair keys = rsa();
    return new Issued(build("localhost", keys, subject(ca), ca.keys(), BigInteger.valueOf(serial), false, true), keys);
  }

  public static Issued client(Issued ca, String cn) {
    KeyPair keys = ec();
    return new Issued(build(cn, keys, subject(ca), ca.keys(), BigInteger.valueOf(RANDOM.nextInt(1 << 30)), false, false), keys);
  }

  /** An SSLContext that trusts only {@code ca} and presents no certificate. */
  public static SSLContext trustingOnly(Issued ca) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, trusting(ca).getTrustManagers(), RANDOM);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static TrustManagerFactory trusting(Issued ca) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca.cert());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf;
  }

  private static String subject(Issued ca) {
    return ca.cert().getSubjectX500Principal().getName().replaceFirst("^CN=", "");
  }

  private static X509Certificate build(String cn, KeyPair keys, String issuerCn, KeyPair issuerKeys, BigInteger serial,
      boolean isCa, boolean server) {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerCn), serial,
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), new X500Name("CN=" + cn), keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      if (server) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1"),
            new GeneralName(GeneralName.dNSName, "localhost")}));
      }
      String alg = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(Object o) {
    try {
      StringWriter w = new StringWriter();
      try (JcaPEMWriter p = new JcaPEMWriter(w)) {
        p.writeObject(o);
      }
      return w.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}

package io.hostkeeper.common.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and private keys, as the web-config format takes them: certificate chains, and
 * unencrypted keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1
 * ({@code EC PRIVATE KEY}) form. Pure: bytes in, keys out; every failure an
 * {@link IllegalArgumentException} with a message for the user that never shows key material.
 */
public final class Pem {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
  private static final byte[] EC_OID = hex("06072a8648ce3d0201");

  private Pem() {}

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("a " + m.group(1) + " block is not valid base64");
      }
    }
    return out;
  }

  /** Every {@code CERTIFICATE} block, in order (the server's certificate first, then its chain). */
  public static List<X509Certificate> certificates(byte[] pem) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(pem)) {
        if (b.type().equals("CERTIFICATE")) out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(b.der())));
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a valid X.509 certificate (" + e.getMessage() + ")");
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)");
    return out;
  }

  /** The private key of the first key block. */
  public static PrivateKey privateKey(byte[] pem) {
    for (Block b : blocks(pem)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(b.der());
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(sequence(concat(hex("020100"), RSA_ALGORITHM, tlv(0x04, b.der()))));
        }
        case "EC PRIVATE KEY" -> {
          byte[] curve = ecCurve(b.der());
          return pkcs8(sequence(concat(hex("020100"), sequence(concat(EC_OID, curve)), tlv(0x04, b.der()))));
        }
        case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
            "the private key is encrypted; the web-config format takes an unencrypted key (openssl pkey -in KEY -out KEY.plain)");
        default -> {
          // EC PARAMETERS and other blocks before the key
        }
      }
    }
    throw new IllegalArgumentException("no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey pkcs8(byte[] der) {
    for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("the private key cannot be read (not RSA, EC or Ed25519, or damaged)");
  }

  /**
   * The named curve OID inside a SEC 1 ECPrivateKey ({@code [0]} parameters); a key written without
   * them is taken by its length as P-256, P-384 or P-521.
   */
  private static byte[] ecCurve(byte[] der) {
    int[] seq = header(der, 0);
    int p = seq[0];
    int end = seq[0] + seq[1];
    int keyLength = -1;
    while (p < end) {
      int tag = der[p] & 0xff;
      int[] h = header(der, p);
      if (tag == 0x04 && keyLength < 0) keyLength = h[1];
      if (tag == 0xa0) {
        byte[] oid = new byte[h[1]];
        System.arraycopy(der, h[0], oid, 0, h[1]);
        return oid;
      }
      p = h[0] + h[1];
    }
    return switch (keyLength) {
      case 32 -> hex("06082a8648ce3d030107");
      case 48 -> hex("06052b81040022");
      case 66, 65 -> hex("06052b81040023");
      default -> throw new IllegalArgumentException("the EC private key names no curve; convert it: openssl pkcs8 -topk8 -nocrypt -in KEY");
    };
  }

  /** {content offset, content length} of the DER element at {@code at}. */
  private static int[] header(byte[] der, int at) {
    if (at + 2 > der.length) throw new IllegalArgumentException("the private key is damaged");
    int len = der[at + 1] & 0xff;
    int p = at + 2;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n < 1 || n > 3 || p + n > der.length) throw new IllegalArgumentException("the private key is damaged");
      len = 0;
      for (int i = 0; i < n; i++) len = (len << 8) | (der[p++] & 0xff);
    }
    if (p + len > der.length) throw new IllegalArgumentException("the private key is damaged");
    return new int[] {p, len};
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}

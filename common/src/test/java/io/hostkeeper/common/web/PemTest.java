package io.hostkeeper.common.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
  private static final TestCerts.Issued CA = TestCerts.ca("test CA");

  @Test
  void readsPkcs8AndTraditionalEcAndRsaKeys() {
    TestCerts.Issued ec = TestCerts.server(CA, 1);
    TestCerts.Issued rsa = TestCerts.rsaServer(CA, 2);
    for (TestCerts.Issued i : List.of(ec, rsa)) {
      assertArrayEquals(i.keys().getPrivate().getEncoded(), Pem.privateKey(TestCerts.bytes(i.keyPem())).getEncoded());
      String traditional = i.traditionalKeyPem();
      assertTrue(traditional.contains(i == ec ? "BEGIN EC PRIVATE KEY" : "BEGIN RSA PRIVATE KEY"), traditional);
      TlsMaterial m = TlsMaterial.parse(TestCerts.bytes(i.certPem()), TestCerts.bytes(traditional), null);
      assertEquals(i.cert(), m.chain().get(0));
    }
  }

  @Test
  void readsAChainInOrder() {
    TestCerts.Issued s = TestCerts.server(CA, 7);
    List<java.security.cert.X509Certificate> chain = Pem.certificates(TestCerts.bytes(s.certPem() + CA.certPem()));
    assertEquals(List.of(s.cert(), CA.cert()), chain);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() {
    TestCerts.Issued a = TestCerts.server(CA, 1);
    TestCerts.Issued b = TestCerts.server(CA, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TlsMaterial.parse(TestCerts.bytes(a.certPem()), TestCerts.bytes(b.keyPem()), null));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }

  @Test
  void refusalsNameTheProblemWithoutShowingTheKey() {
    String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(TestCerts.bytes(encrypted)))
        .getMessage().contains("encrypted"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(TestCerts.bytes("not a key")))
        .getMessage().contains("no PEM private key"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Pem.certificates(TestCerts.bytes("nothing")))
        .getMessage().contains("no PEM certificate"));
    String damaged = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBg\n-----END PRIVATE KEY-----\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(TestCerts.bytes(damaged)));
    assertFalse(e.getMessage().contains("MIIBVQ"), e.getMessage());
  }
}

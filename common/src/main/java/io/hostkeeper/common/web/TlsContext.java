package io.hostkeeper.common.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's server TLS factory set up from a web-config reading: protocols from min_version to
 * max_version, cipher_suites (and their order), the client certificate policy and CAs. Before each
 * new connection's TLS engine is made it runs {@code beforeHandshake}, which re-reads the files
 * when they changed on disk and {@link #apply applies} the new reading, so a renewed certificate
 * is served from the next connection on without a restart.
 *
 * <p>When the file lists no cipher_suites and AES-GCM would run in software here
 * ({@link AesHardware}), the JVM's suites are offered with the ChaCha20-Poly1305 ones first; the
 * set is the same, only the order changes (and only matters with prefer_server_cipher_suites).
 */
final class TlsContext extends SslContextFactory.Server {
  /** The ChaCha20-Poly1305 suites (TLS 1.3 and 1.2) first, the others in the JVM's order. */
  static final Comparator<String> CHACHA20_FIRST = Comparator.comparingInt(s -> s.contains("_CHACHA20_") ? 0 : 1);

  /** Jetty's own exclusions (MD5, SHA-1, RSA key exchange, NULL, anon), for a file without cipher_suites. */
  private static final String[] DEFAULT_EXCLUSIONS = new SslContextFactory.Server().getExcludeCipherSuites();

  private final Runnable beforeHandshake;
  private final boolean aesInHardware;

  TlsContext(WebSettings settings, boolean aesInHardware, Runnable beforeHandshake) {
    this.beforeHandshake = beforeHandshake;
    this.aesInHardware = aesInHardware;
    setSniRequired(false);
    configure(this, settings, aesInHardware);
  }

  /** Replaces the settings of a running factory (Jetty reloads its SSLContext under its lock). */
  void apply(WebSettings settings) throws Exception {
    reload(f -> configure((SslContextFactory.Server) f, settings, aesInHardware));
  }

  static void configure(SslContextFactory.Server f, WebSettings settings, boolean aesInHardware) {
    TlsServerConfig t = settings.config().tlsServerConfig();
    TlsMaterial m = settings.tls();
    f.setKeyStore(m.keyStore());
    f.setKeyStorePassword(new String(TlsMaterial.STORE_PASSWORD));
    f.setKeyManagerPassword(new String(TlsMaterial.STORE_PASSWORD));
    f.setIncludeProtocols(protocols(t.min(), t.max()).toArray(new String[0]));
    List<String> suites = CipherSuites.include(t.cipherSuites());
    if (!suites.isEmpty()) {
      f.setExcludeCipherSuites(); // only what the file lists (Jetty's default exclusions would drop some silently)
      f.setIncludeCipherSuites(suites.toArray(new String[0]));
      f.setCipherComparator(null); // the file's order
    } else {
      f.setIncludeCipherSuites(); // as a fresh factory: a reload may have dropped cipher_suites
      f.setExcludeCipherSuites(DEFAULT_EXCLUSIONS);
      f.setCipherComparator(aesInHardware ? null : CHACHA20_FIRST);
    }
    f.setUseCipherSuitesOrder(t.preferServerCipherSuites());
    ClientAuth auth = t.clientAuth();
    f.setNeedClientAuth(auth.need());
    f.setWantClientAuth(auth.want());
    boolean anyCertificate = (auth.need() || auth.want()) && !auth.verify();
    f.setTrustAll(anyCertificate);
    f.setTrustStore(anyCertificate ? null : m.trustStore());
    if (m.trustStore() != null) f.setTrustStorePassword(new String(TlsMaterial.STORE_PASSWORD));
  }

  /** The JSSE protocol names from min to max. */
  static List<String> protocols(TlsVersion min, TlsVersion max) {
    List<String> out = new ArrayList<>();
    for (TlsVersion v : TlsVersion.values()) {
      if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) out.add(v.protocol());
    }
    return out;
  }

  @Override
  public SSLEngine newSSLEngine() {
    beforeHandshake.run();
    return super.newSSLEngine();
  }

  @Override
  public SSLEngine newSSLEngine(String host, int port) {
    beforeHandshake.run();
    return super.newSSLEngine(host, port);
  }
}

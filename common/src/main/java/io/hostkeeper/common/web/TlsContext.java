package io.hostkeeper.common.web;

import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's server TLS factory set up from a web-config reading: protocols from min_version to
 * max_version, cipher_suites (and their order), the client certificate policy and CAs. Before each
 * new connection's TLS engine is made it runs {@code beforeHandshake}, which re-reads the files
 * when they changed on disk and {@link #apply applies} the new reading, so a renewed certificate
 * is served from the next connection on without a restart.
 */
final class TlsContext extends SslContextFactory.Server {
  private final Runnable beforeHandshake;

  TlsContext(WebSettings settings, Runnable beforeHandshake) {
    this.beforeHandshake = beforeHandshake;
    setSniRequired(false);
    configure(this, settings);
  }

  /** Replaces the settings of a running factory (Jetty reloads its SSLContext under its lock). */
  void apply(WebSettings settings) throws Exception {
    reload(f -> configure((SslContextFactory.Server) f, settings));
  }

  static void configure(SslContextFactory.Server f, WebSettings settings) {
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

package io.hostkeeper.common.probe;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The two shared HTTP clients of the http probes, created on first use: one verifying TLS
 * certificates and host names (the default), one that does not (the {@code tls_verify: false}
 * opt-out, for self-signed certificates on a LAN). Redirects are followed by the probe itself.
 */
final class HttpClients {
  private HttpClients() {}

  private static final AtomicInteger THREADS = new AtomicInteger();

  private static ExecutorService executor() {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hostkeeper-http-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private static final class Verifying {
    static final HttpClient CLIENT = base().build();
  }

  private static final class Trusting {
    static final HttpClient CLIENT = base().sslContext(trustAll()).build();
  }

  static HttpClient get(boolean verifyTls) {
    return verifyTls ? Verifying.CLIENT : Trusting.CLIENT;
  }

  private static HttpClient.Builder base() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30))
        .executor(executor());
  }

  /**
   * Accepts any certificate for any host: with an {@link X509ExtendedTrustManager} the JDK leaves
   * the host-name check to the trust manager, so this one skips both.
   */
  private static SSLContext trustAll() {
    X509ExtendedTrustManager trustAll = new X509ExtendedTrustManager() {
      @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
      @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
      @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
      @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
      @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
      @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
      @Override public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation in this JVM", e);
    }
  }
}

package io.hostkeeper.common.web;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a web-config file asks of one port, live: TLS (with the certificate re-read when its files
 * change), basic auth and response headers. Made from a valid reading at start-up; afterwards,
 * before each new connection, the files are stat'ed (time, size, identity) and, when one changed,
 * read again. A valid new reading replaces the old one for the next connection and request; a
 * broken one (half-written certificate, key of another certificate, bad YAML) keeps the old one and
 * says why in the log, once per change. Switching TLS on or off needs a restart (the port's
 * protocol changes).
 */
public final class WebSecurity {
  private static final Logger log = LoggerFactory.getLogger(WebSecurity.class);

  private final String port;
  private final WebAuthMetrics metrics = new WebAuthMetrics();
  private final TlsContext tls;
  private volatile WebSettings current;
  private volatile WebGuard.Rules rules;
  private List<FileStamp> lastTried;

  /**
   * @param port names the port in log lines, e.g. {@code "exporter"}
   * @param settings a valid reading ({@link WebConfigReader#read})
   */
  public WebSecurity(String port, WebSettings settings) {
    this(port, settings, true);
  }

  /** @param aesInHardware false: offer ChaCha20-Poly1305 first when the file leaves the order open ({@link AesHardware}) */
  WebSecurity(String port, WebSettings settings, boolean aesInHardware) {
    this.port = Objects.requireNonNull(port, "port");
    this.current = Objects.requireNonNull(settings, "settings");
    this.rules = rules(settings);
    this.lastTried = settings.stamps();
    this.tls = settings.tls() == null ? null : new TlsContext(settings, aesInHardware, this::refresh);
  }

  /** Whether the port speaks TLS. */
  public boolean tls() {
    return tls != null;
  }

  /** Whether the port asks for basic auth (then {@link #metrics()} counts refusals). */
  public boolean basicAuth() {
    return !current.config().basicAuthUsers().isEmpty();
  }

  public WebAuthMetrics metrics() {
    return metrics;
  }

  public Path file() {
    return current.file();
  }

  /** The settings in use. */
  public WebSettings settings() {
    return current;
  }

  SslContextFactory.Server sslContextFactory() {
    return tls;
  }

  /** The handler to put in front of the port's handlers. */
  Handler.Wrapper guard() {
    return new WebGuard(() -> rules, metrics);
  }

  /** Reads the files again if they changed since the last reading or attempt; see the class comment. */
  public synchronized void refresh() {
    WebSettings was = current;
    if (!was.changedOnDisk()) return;
    List<FileStamp> now = stampsOf(was);
    if (now.equals(lastTried)) return;
    lastTried = now;
    WebConfigReader.Result r = WebConfigReader.read(was.file());
    if (!r.valid()) {
      log.warn("{} port: {} changed but cannot be used, the previous settings stay in effect: {}", port, was.file(),
          String.join("; ", r.errors().stream().map(Object::toString).toList()));
      return;
    }
    WebSettings next = r.settings();
    if ((next.tls() != null) != (tls != null)) {
      log.warn("{} port: {} now switches TLS {}; that takes a restart, the previous settings stay in effect", port,
          was.file(), next.tls() != null ? "on" : "off");
      return;
    }
    if (tls != null) {
      try {
        tls.apply(next);
      } catch (Exception e) {
        log.warn("{} port: the new TLS settings of {} cannot be used ({}); the previous ones stay in effect", port,
            was.file(), e.getMessage());
        try {
          tls.apply(was);
        } catch (Exception again) {
          log.error("{} port: cannot restore the previous TLS settings: {}", port, again.getMessage());
        }
        return;
      }
    }
    current = next;
    lastTried = next.stamps();
    rules = next.config().basicAuthUsers().equals(was.config().basicAuthUsers())
        ? new WebGuard.Rules(rules.auth(), next.config().httpServerConfig().headers()) : rules(next);
    log.info("{} port: {} re-read{}", port, next.file(), next.tls() == null ? ""
        : "; serving certificate serial " + next.tls().serial());
  }

  private static List<FileStamp> stampsOf(WebSettings s) {
    return WebSettings.watched(s.file(), s.config().tlsServerConfig()).stream().map(FileStamp::of).toList();
  }

  private static WebGuard.Rules rules(WebSettings s) {
    Map<String, String> users = s.config().basicAuthUsers();
    return new WebGuard.Rules(users.isEmpty() ? null : new BasicAuth(users), s.config().httpServerConfig().headers());
  }
}

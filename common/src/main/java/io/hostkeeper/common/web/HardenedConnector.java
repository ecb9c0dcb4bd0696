package io.hostkeeper.common.web;

import io.javalin.config.JavalinConfig;
import java.util.function.BiFunction;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one way hostkeeper's HTTP servers listen: a Jetty connector with a header deadline
 * ({@link HeaderDeadline}), an idle timeout, a connection limit and a request header size limit,
 * for Javalin's {@code config.jetty.addConnector(...)} (then {@code app.start()} without host and
 * port). With a web-config file ({@link WebSecurity}) the same connector speaks TLS and the
 * server gets basic auth and the configured headers in front of every route: both processes'
 * metrics ports get them alike through {@link #install}.
 */
public final class HardenedConnector {
  private HardenedConnector() {}

  /** A plain HTTP connector on {@code host:port} (port 0: any free port) with {@code limits}. */
  public static BiFunction<Server, HttpConfiguration, Connector> on(String host, int port, ServerLimits limits) {
    return on(host, port, limits, null);
  }

  /** As {@link #on(String, int, ServerLimits)}, with TLS when {@code web} says so (null: plain HTTP). */
  public static BiFunction<Server, HttpConfiguration, Connector> on(String host, int port, ServerLimits limits, WebSecurity web) {
    return (server, http) -> {
      http.setRequestHeaderSize(limits.requestHeaderBytes());
      http.setSendServerVersion(false);
      ServerConnector connector;
      if (web != null && web.tls()) {
        // Prometheus scrapes by address: the certificate's names are its business (tls_config.server_name), not ours.
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        connector = new ServerConnector(server, new SslConnectionFactory(web.sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(http));
      } else {
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        if (web != null) connector.addBean(new RefreshOnOpen(web));
      }
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(limits.idleTimeout().toMillis());
      connector.addBean(new HeaderDeadline(limits.headerTimeout()));
      server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
      return connector;
    };
  }

  /**
   * Adds the connector to a Javalin config and, with {@code web}, the guard (basic auth, headers)
   * in front of all of the app's handlers.
   */
  public static void install(JavalinConfig config, String host, int port, ServerLimits limits, WebSecurity web) {
    config.jetty.addConnector(on(host, port, limits, web));
    if (web != null) config.jetty.modifyServer(server -> server.setHandler(web.guard()));
  }

  /** Without TLS there is no handshake to hook: the web-config file is looked at when a connection opens. */
  private record RefreshOnOpen(WebSecurity web) implements Connection.Listener {
    @Override
    public void onOpened(Connection connection) {
      web.refresh();
    }
  }

  /**
   * A small HTTP thread pool: a metrics endpoint answers a few scrapers, and every idle thread costs
   * stack memory (Jetty's default allows 200). Enough for Jetty's acceptors and selectors on big hosts.
   */
  public static QueuedThreadPool threadPool(String name) {
    int max = Math.max(16, 2 * Runtime.getRuntime().availableProcessors() + 8);
    QueuedThreadPool pool = new QueuedThreadPool(max, 2, 60_000);
    pool.setName(name);
    return pool;
  }
}

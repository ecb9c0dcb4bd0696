package io.hostkeeper.common.web;

import java.util.function.BiFunction;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one way hostkeeper's HTTP servers listen: a Jetty connector with a header deadline
 * ({@link HeaderDeadline}), an idle timeout, a connection limit and a request header size limit,
 * for Javalin's {@code config.jetty.addConnector(...)} (then {@code app.start()} without host and
 * port). TLS and basic auth belong here too when they come, so both processes get them alike.
 */
public final class HardenedConnector {
  private HardenedConnector() {}

  /** A connector on {@code host:port} (port 0: any free port) with {@code limits}. */
  public static BiFunction<Server, HttpConfiguration, Connector> on(String host, int port, ServerLimits limits) {
    return (server, http) -> {
      http.setRequestHeaderSize(limits.requestHeaderBytes());
      http.setSendServerVersion(false);
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(limits.idleTimeout().toMillis());
      connector.addBean(new HeaderDeadline(limits.headerTimeout()));
      server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
      return connector;
    };
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

package io.hostkeeper.exporter;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.web.HardenedConnector;
import io.hostkeeper.common.web.WebSecurity;
import io.hostkeeper.exporter.http.LandingPage;
import io.hostkeeper.exporter.http.MetricsEndpoint;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.StatusEndpoint;
import io.hostkeeper.exporter.status.StatusService;
import io.hostkeeper.exporter.status.page.StatusRoutes;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.time.Duration;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.util.Objects;

/**
 * The exporter's HTTP app, built from its dependencies and returned unstarted: {@code /} status
 * page (or a landing page without it), {@code /api/history}, {@code /metrics}, {@code /health}, {@code /api/status}. Javalin's own compression is off:
 * {@code /metrics} gzips itself so a compressed body is made once per collection round.
 */
public final class ExporterApp {
  private final ScrapeEngine engine;
  private final StatusService status;
  private final BuildInfo build;
  private final Duration scrapeTimeout;
  private final StatusRoutes statusPage;

  /** Without the status page: {@code /} is a list of links. */
  public ExporterApp(ScrapeEngine engine, StatusService status, BuildInfo build, Duration scrapeTimeout) {
    this(engine, status, build, scrapeTimeout, null);
  }

  /** With {@code statusPage} serving {@code /} and {@code /api/history}. */
  public ExporterApp(ScrapeEngine engine, StatusService status, BuildInfo build, Duration scrapeTimeout,
      StatusRoutes statusPage) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.status = Objects.requireNonNull(status, "status");
    this.build = Objects.requireNonNull(build, "build");
    this.scrapeTimeout = Objects.requireNonNull(scrapeTimeout, "scrapeTimeout");
    this.statusPage = statusPage;
  }

  /** The shared small HTTP thread pool (see {@link HardenedConnector#threadPool}). */
  static QueuedThreadPool threadPool() {
    return HardenedConnector.threadPool("http");
  }

  /** The unstarted app, listening where {@code app.start(host, port)} says (tests, embedding). */
  public Javalin create() {
    return create(null);
  }

  /**
   * The unstarted app with its own hardened connector on {@code listen} (header deadline, idle
   * timeout, connection and header size limits: {@link HardenedConnector}); start it with
   * {@code app.start()}. Null: Javalin's default connector, placed by {@code app.start(host, port)}.
   */
  public Javalin create(io.hostkeeper.common.config.HostPort listen) {
    return create(listen, io.hostkeeper.common.web.ServerLimits.standard());
  }

  /** As {@link #create(io.hostkeeper.common.config.HostPort)} with other connector limits (tests). */
  Javalin create(io.hostkeeper.common.config.HostPort listen, io.hostkeeper.common.web.ServerLimits limits) {
    return create(listen, limits, null);
  }

  /**
   * As {@link #create(io.hostkeeper.common.config.HostPort)}, with TLS, basic auth and headers from
   * {@code web} (null: plain HTTP, no auth) on the hardened connector.
   */
  public Javalin create(io.hostkeeper.common.config.HostPort listen, io.hostkeeper.common.web.ServerLimits limits,
      WebSecurity web) {
    MetricsEndpoint metrics = new MetricsEndpoint(engine, scrapeTimeout);
    String landing = LandingPage.html(build, engine.collectorNames());
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.compressionStrategy = CompressionStrategy.NONE;
      config.jetty.threadPool = threadPool();
      if (listen != null) {
        HardenedConnector.install(config, listen.host(), listen.port(), limits, web);
      }
      if (statusPage != null) statusPage.register(config);
      else config.routes.get("/", ctx -> ctx.html(landing));
      config.routes.get("/metrics", metrics::handle);
      config.routes.head("/metrics", metrics::handle);
      config.routes.get("/health", ctx -> ctx.contentType("text/plain; charset=utf-8").result("ok\n"));
      config.routes.head("/health", ctx -> ctx.contentType("text/plain; charset=utf-8"));
      config.routes.get("/api/status", new StatusEndpoint(status)::handle);
    });
  }
}

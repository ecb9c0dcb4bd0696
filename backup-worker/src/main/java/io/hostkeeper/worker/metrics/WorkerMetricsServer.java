package io.hostkeeper.worker.metrics;

import io.hostkeeper.common.cli.StartupChecks;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.web.HardenedConnector;
import io.hostkeeper.common.web.ServerLimits;
import io.hostkeeper.common.web.WebSecurity;
import io.hostkeeper.worker.status.WorkerStatusRoutes;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * Serves the worker's registry on {@code worker.metrics_listen} ({@code /metrics}, JVM metrics
 * included), {@code /-/healthy}, and the read-only status page at {@code /}, on the same hardened
 * Jetty connector as the rest ({@link HardenedConnector}): a client that sends its headers one
 * byte at a time is closed after the header deadline and never holds a thread, so slow clients
 * cannot keep Prometheus out.
 */
public final class WorkerMetricsServer implements AutoCloseable {
  private final Javalin app;

  private WorkerMetricsServer(Javalin app) {
    this.app = app;
  }

  /** Adds the JVM and process families (memory pools, GC, threads, classes, CPU, fds, uptime). */
  public static void registerJvmMetrics(PrometheusRegistry registry) {
    JvmMetrics.builder().register(registry);
  }

  /** The unstarted app on {@code listen} with {@code limits}. */
  static Javalin create(HostPort listen, ServerLimits limits, PrometheusRegistry registry, WorkerStatusRoutes statusPage) {
    return create(listen, limits, registry, statusPage, null);
  }

  /** As above, with TLS, basic auth and headers from {@code web} (null: plain HTTP). */
  static Javalin create(HostPort listen, ServerLimits limits, PrometheusRegistry registry, WorkerStatusRoutes statusPage,
      WebSecurity web) {
    WorkerMetricsEndpoint metrics = new WorkerMetricsEndpoint(registry);
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.compressionStrategy = CompressionStrategy.NONE; // /metrics gzips itself
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = 16 * 1024;
      config.jetty.threadPool = HardenedConnector.threadPool("metrics-http");
      HardenedConnector.install(config, listen.host(), listen.port(), limits, web);
      statusPage.register(config);
      config.routes.get("/metrics", metrics::handle);
      config.routes.head("/metrics", metrics::handle);
      config.routes.get("/-/healthy", ctx -> ctx.contentType("text/plain; charset=utf-8").result("Exporter is healthy.\n"));
      config.routes.error(404, ctx -> ctx.contentType("text/plain; charset=utf-8")
          .result("not found: the worker serves /, /metrics and /-/healthy\n"));
      config.routes.error(405, ctx -> {
        ctx.header("Allow", "GET, HEAD");
        ctx.contentType("text/plain; charset=utf-8").result("method not allowed: this port is read-only\n");
      });
    });
  }

  /** @throws IOException when the address cannot be bound (port in use, address not local) */
  public static WorkerMetricsServer start(HostPort listen, PrometheusRegistry registry, WorkerStatusRoutes statusPage)
      throws IOException {
    return start(listen, ServerLimits.standard(), registry, statusPage, null);
  }

  /** As above, with TLS, basic auth and headers from {@code web} (null: plain HTTP). */
  public static WorkerMetricsServer start(HostPort listen, PrometheusRegistry registry, WorkerStatusRoutes statusPage,
      WebSecurity web) throws IOException {
    return start(listen, ServerLimits.standard(), registry, statusPage, web);
  }

  static WorkerMetricsServer start(HostPort listen, ServerLimits limits, PrometheusRegistry registry,
      WorkerStatusRoutes statusPage) throws IOException {
    return start(listen, limits, registry, statusPage, null);
  }

  static WorkerMetricsServer start(HostPort listen, ServerLimits limits, PrometheusRegistry registry,
      WorkerStatusRoutes statusPage, WebSecurity web) throws IOException {
    // Probe first: Javalin logs a failed bind with a stack trace, the user needs one line.
    StartupChecks.probeBind(listen);
    Javalin app = create(listen, limits, registry, statusPage, web);
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) t = t.getCause();
      throw new IOException(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage(), e);
    }
    return new WorkerMetricsServer(app);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}

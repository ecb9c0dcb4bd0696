package io.hostkeeper.worker.metrics;

import com.sun.net.httpserver.HttpHandler;
import io.hostkeeper.common.config.HostPort;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/** Serves the worker's registry on {@code worker.metrics_listen}, JVM metrics included, and the read-only status page at {@code /}. */
public final class WorkerMetricsServer implements AutoCloseable {
  private final HTTPServer server;

  private WorkerMetricsServer(HTTPServer server) {
    this.server = server;
  }

  /** Adds the JVM and process families (memory pools, GC, threads, classes, CPU, fds, uptime). */
  public static void registerJvmMetrics(PrometheusRegistry registry) {
    JvmMetrics.builder().register(registry);
  }

  /** @throws IOException when the address cannot be bound (port in use, address not local) */
  public static WorkerMetricsServer start(HostPort listen, PrometheusRegistry registry, HttpHandler statusPage)
      throws IOException {
    HTTPServer server = HTTPServer.builder()
        .hostname(listen.host())
        .port(listen.port())
        .registry(registry)
        .defaultHandler(statusPage)
        .buildAndStart();
    return new WorkerMetricsServer(server);
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}

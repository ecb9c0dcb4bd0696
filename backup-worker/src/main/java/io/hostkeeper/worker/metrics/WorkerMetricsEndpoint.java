package io.hostkeeper.worker.metrics;

import io.hostkeeper.common.web.MetricsEncoding;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET|HEAD /metrics} of the worker: every format Prometheus asks for (protobuf, OpenMetrics,
 * text 0.0.4) through client_java's writers, gzip when accepted, and {@code name[]} to select
 * families, as client_java's own server did.
 */
final class WorkerMetricsEndpoint {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  WorkerMetricsEndpoint(PrometheusRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  void handle(Context ctx) {
    List<String> names = ctx.queryParams("name[]");
    MetricSnapshots snapshots = names.isEmpty() ? registry.scrape() : registry.scrape(names::contains);
    String accept = ctx.header("Accept");
    ExpositionFormatWriter writer = formats.findWriter(accept);
    boolean gzip = MetricsEncoding.acceptsGzip(ctx.header("Accept-Encoding"));
    byte[] body = MetricsEncoding.encode(snapshots, writer, EscapingScheme.fromAcceptHeader(accept), gzip);
    ctx.contentType(writer.getContentType());
    ctx.header("Vary", "Accept, Accept-Encoding");
    ctx.header("Cache-Control", "no-store");
    if (gzip) ctx.header("Content-Encoding", "gzip");
    if (ctx.method() == HandlerType.HEAD) {
      ctx.header("Content-Length", Integer.toString(body.length));
    } else {
      ctx.result(body);
    }
  }
}

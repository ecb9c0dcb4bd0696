package io.hostkeeper.exporter.http;

import io.hostkeeper.common.web.MetricsEncoding;
import io.hostkeeper.exporter.scrape.ScrapeRound;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET|HEAD /metrics}: content negotiation over every format Prometheus asks for (protobuf,
 * OpenMetrics, text 0.0.4), gzip when accepted, {@code collect[]}/{@code exclude[]} selection by
 * collector name, and a per-collector time budget from {@code X-Prometheus-Scrape-Timeout-Seconds}.
 * Encoded bodies are cached on the collection round, so scrapes sharing a round encode it once.
 */
public final class MetricsEndpoint {
  static final String TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";
  /** Kept back from Prometheus' timeout so the answer arrives before Prometheus gives up. */
  static final Duration MAX_MARGIN = Duration.ofMillis(500);

  private final ScrapeEngine engine;
  private final Duration defaultBudget;
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Set<String> names;

  public MetricsEndpoint(ScrapeEngine engine, Duration defaultBudget) {
    this.engine = engine;
    if (defaultBudget.isNegative() || defaultBudget.isZero()) throw new IllegalArgumentException("scrape timeout must be positive");
    this.defaultBudget = defaultBudget;
    this.names = Set.copyOf(engine.collectorNames());
  }

  public void handle(Context ctx) throws InterruptedException {
    List<String> collect = ctx.queryParams("collect[]");
    List<String> exclude = ctx.queryParams("exclude[]");
    Set<String> unknown = new HashSet<>(collect);
    unknown.addAll(exclude);
    unknown.removeAll(names);
    if (!unknown.isEmpty() || (!collect.isEmpty() && !exclude.isEmpty())) {
      String msg = !unknown.isEmpty()
          ? "unknown collector(s) " + new ArrayList<>(unknown) + "; running collectors: " + engine.collectorNames()
          : "give either collect[] or exclude[], not both";
      ctx.status(400).contentType("text/plain; charset=utf-8").result(msg + "\n");
      return;
    }
    Predicate<String> selected = !collect.isEmpty() ? collect::contains : n -> !exclude.contains(n);
    String selectionKey = !collect.isEmpty() ? "+" + String.join(",", collect) : "-" + String.join(",", exclude);

    ScrapeRound round = engine.collect(budget(ctx.header(TIMEOUT_HEADER)));
    String accept = ctx.header("Accept");
    ExpositionFormatWriter writer = formats.findWriter(accept);
    EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
    boolean gzip = acceptsGzip(ctx.header("Accept-Encoding"));
    String key = writer.getContentType() + '|' + escaping + '|' + gzip + '|' + selectionKey;
    byte[] body = round.encodedBody(key, k -> encode(round, selected, writer, escaping, gzip));

    ctx.contentType(writer.getContentType());
    ctx.header("Vary", "Accept, Accept-Encoding");
    if (gzip) ctx.header("Content-Encoding", "gzip");
    if (ctx.method() == HandlerType.HEAD) {
      ctx.header("Content-Length", Integer.toString(body.length));
    } else {
      ctx.result(body);
    }
  }

  /**
   * The per-collector budget: Prometheus' scrape timeout less a margin (10 %, at most 0.5 s), else
   * the default; never below {@link ScrapeEngine#MIN_BUDGET}, so a client cannot ask for a round
   * with no time to run in.
   */
  Duration budget(String timeoutHeader) {
    if (timeoutHeader == null || timeoutHeader.isBlank()) return defaultBudget;
    double seconds;
    try {
      seconds = Double.parseDouble(timeoutHeader.trim());
    } catch (NumberFormatException e) {
      return defaultBudget;
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) return defaultBudget;
    long nanos = (long) (seconds * 1e9);
    long margin = Math.min(MAX_MARGIN.toNanos(), nanos / 10);
    return ScrapeEngine.clamp(Duration.ofNanos(nanos - margin));
  }

  static boolean acceptsGzip(String acceptEncoding) {
    return MetricsEncoding.acceptsGzip(acceptEncoding);
  }

  private static byte[] encode(ScrapeRound round, Predicate<String> selected, ExpositionFormatWriter writer,
      EscapingScheme escaping, boolean gzip) {
    return MetricsEncoding.encode(round.snapshots(selected), writer, escaping, gzip);
  }
}

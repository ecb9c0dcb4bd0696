package io.hostkeeper.exporter.status.page;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.web.Html;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.StatusReport;
import io.hostkeeper.exporter.status.StatusService;
import io.hostkeeper.exporter.status.history.History;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The status page's routes on the exporter: {@code /} (the page), {@code /api/history}, and the few
 * fixed assets under {@code /static/} (read from the jar once; no file-system paths, nothing else
 * served). Every response carries a strict Content-Security-Policy.
 */
public final class StatusRoutes {
  static final String CSP = Html.CSP;

  private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
  private record Asset(byte[] body, String type, String etag) {}

  private final StatusService status;
  private final ScrapeEngine engine;
  private final History history;
  private final BuildInfo build;
  private final Duration budget;
  private final Clock clock;
  private final HostPort workerMetrics;
  private final boolean workerTls;
  private Map<String, Asset> assets = Map.of();

  /** {@code workerMetrics} is the worker's metrics address from the shared config, null to show no link. */
  public StatusRoutes(StatusService status, ScrapeEngine engine, History history, BuildInfo build, Duration budget,
      Clock clock, HostPort workerMetrics) {
    this(status, engine, history, build, budget, clock, workerMetrics, false);
  }

  /** @param workerTls the worker's port speaks TLS (worker.web_config_file): the link is https */
  public StatusRoutes(StatusService status, ScrapeEngine engine, History history, BuildInfo build, Duration budget,
      Clock clock, HostPort workerMetrics, boolean workerTls) {
    this.workerTls = workerTls;
    this.status = status;
    this.engine = engine;
    this.history = history;
    this.build = build;
    this.budget = budget;
    this.clock = clock;
    this.workerMetrics = workerMetrics;
  }

  /** Adds the routes; reads the assets from the jar (once, here, not in the constructor). */
  public void register(JavalinConfig config) {
    assets = Map.of(
        "status.css", asset("/status/status.css", "text/css; charset=utf-8"),
        "status.js", asset("/status/status.js", "text/javascript; charset=utf-8"),
        "uPlot.iife.min.js", asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
        "uPlot.min.css", asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));
    HistoryApi api = new HistoryApi(history, clock);
    config.routes.get("/", this::page);
    config.routes.get("/api/history", ctx -> {
      ctx.header("Content-Security-Policy", CSP);
      api.handle(ctx);
    });
    config.routes.get("/static/{name}", this::asset);
  }

  private void page(Context ctx) throws InterruptedException {
    StatusReport report = status.report();
    PageModel model = PageModel.build(report, engine.collect(budget), history, clock.instant(), build, workerUrl(ctx));
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.html(StatusPage.render(model));
  }

  private void asset(Context ctx) {
    Asset a = assets.get(ctx.pathParam("name"));
    if (a == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("not found\n");
      return;
    }
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "public, max-age=86400");
    ctx.header("ETag", a.etag());
    if (a.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(a.type()).result(a.body());
  }

  /** The worker's page: its configured address, or this request's host name when it binds to all addresses. */
  private String workerUrl(Context ctx) {
    if (workerMetrics == null) return null;
    String host = workerMetrics.host();
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      String requested = ctx.host();
      if (requested == null) return null;
      host = requested.startsWith("[") ? requested.substring(0, requested.indexOf(']') + 1)
          : requested.contains(":") ? requested.substring(0, requested.lastIndexOf(':')) : requested;
      if (!host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) return null;
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (workerTls ? "https://" : "http://") + host + ":" + workerMetrics.port() + "/";
  }

  private static Asset asset(String resource, String type) {
    try (InputStream in = StatusRoutes.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource in the jar: " + resource);
      byte[] body = in.readAllBytes();
      String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 8) + "\"";
      return new Asset(body, type, etag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

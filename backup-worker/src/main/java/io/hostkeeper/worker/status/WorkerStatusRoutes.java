package io.hostkeeper.worker.status;

import io.hostkeeper.common.web.Html;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only status page on the worker's metrics port: {@code GET /} and its stylesheet,
 * nothing else (no token, no actions: those stay on the admin API). Every response carries a strict
 * Content-Security-Policy; other paths are 404, other methods 405 (set by the metrics server).
 */
public final class WorkerStatusRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerStatusRoutes.class);

  private final WorkerStatusSource source;
  private byte[] css = new byte[0];

  public WorkerStatusRoutes(WorkerStatusSource source) {
    this.source = java.util.Objects.requireNonNull(source, "source");
  }

  /** Adds the routes; reads the stylesheet from the jar (once, here). */
  public void register(JavalinConfig config) {
    try (InputStream in = WorkerStatusRoutes.class.getResourceAsStream("/status/status.css")) {
      if (in == null) throw new IllegalStateException("missing resource in the jar: /status/status.css");
      css = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.routes.before(ctx -> {
      ctx.header("Content-Security-Policy", Html.CSP);
      ctx.header("X-Content-Type-Options", "nosniff");
    });
    config.routes.get("/", this::page);
    config.routes.head("/", this::page);
    config.routes.get("/static/status.css", this::stylesheet);
    config.routes.head("/static/status.css", this::stylesheet);
  }

  private void page(Context ctx) {
    String html;
    try {
      html = WorkerStatusPage.render(source.read());
    } catch (RuntimeException e) {
      LOG.warn("status page: cannot read the state database: {}", e.toString());
      ctx.status(503).contentType("text/plain; charset=utf-8")
          .result("the state database cannot be read just now (" + e.getClass().getSimpleName() + "); try again\n");
      return;
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("text/html; charset=utf-8").result(html);
  }

  private void stylesheet(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=86400");
    ctx.contentType("text/css; charset=utf-8").result(css);
  }
}

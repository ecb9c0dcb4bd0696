package io.hostkeeper.worker.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hostkeeper.common.web.Html;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the read-only status page on the worker's metrics port: {@code GET /} and its stylesheet,
 * nothing else (no token, no actions: those stay on the admin API). Every other path is a 404,
 * every other method a 405.
 */
public final class WorkerStatusHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerStatusHandler.class);

  private final WorkerStatusSource source;
  private final byte[] css;

  /** Reads the stylesheet from the jar. */
  public static WorkerStatusHandler create(WorkerStatusSource source) {
    try (InputStream in = WorkerStatusHandler.class.getResourceAsStream("/status/status.css")) {
      if (in == null) throw new IllegalStateException("missing resource in the jar: /status/status.css");
      return new WorkerStatusHandler(source, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private WorkerStatusHandler(WorkerStatusSource source, byte[] css) {
    this.source = source;
    this.css = css;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getPath();
      ex.getResponseHeaders().set("Content-Security-Policy", Html.CSP);
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", "method not allowed: the status page is read-only\n".getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/")) {
        byte[] body;
        try {
          body = WorkerStatusPage.render(source.read()).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
          LOG.warn("status page: cannot read the state database: {}", e.toString());
          send(ex, 503, "text/plain; charset=utf-8",
              ("the state database cannot be read just now (" + e.getClass().getSimpleName() + "); try again\n")
                  .getBytes(StandardCharsets.UTF_8));
          return;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 200, "text/html; charset=utf-8", body);
      } else if (path.equals("/static/status.css")) {
        ex.getResponseHeaders().set("Cache-Control", "public, max-age=86400");
        send(ex, 200, "text/css; charset=utf-8", css);
      } else {
        send(ex, 404, "text/plain; charset=utf-8", "not found: the worker serves /, /metrics and /-/healthy\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}

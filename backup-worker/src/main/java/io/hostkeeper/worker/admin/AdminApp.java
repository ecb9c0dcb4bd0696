package io.hostkeeper.worker.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.web.HardenedConnector;
import io.hostkeeper.common.web.ServerLimits;
import io.hostkeeper.worker.history.BusyRetry;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API as an unstarted Javalin app: {@code GET /health} without auth, every
 * {@code /api} path (known or not) behind the bearer token, errors as {@code {error, message}}.
 * An exception that is not an {@link ApiError} is a bug: logged with its stack trace, answered
 * with a 500 that tells nothing about the internals. It listens through the same connector as the
 * metrics ports ({@link HardenedConnector}): a header deadline, an idle timeout and a connection
 * limit, so a client that holds connections open cannot lock the operator out.
 */
public final class AdminApp {
  private static final Logger log = LoggerFactory.getLogger(AdminApp.class);

  /** Unauthenticated requests are summed up in one log line per this period. */
  static final Duration REFUSAL_SUMMARY = Duration.ofMinutes(1);

  private AdminApp() {}

  /**
   * The unstarted app on {@code listen}; start it with {@code app.start()}.
   *
   * @param health extra fields for {@code /health} (e.g. scheduler state)
   */
  public static Javalin create(HostPort listen, ServerLimits limits, String token, List<AdminRoutes> routes,
      Supplier<Map<String, Object>> health) {
    BearerAuth auth = new BearerAuth(token);
    RefusalLog refusals = new RefusalLog(REFUSAL_SUMMARY);
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
      config.http.maxRequestSize = 64 * 1024;
      // a small pool, as on the other ports: Javalin's default keeps 8 idle threads from the start
      config.jetty.threadPool = HardenedConnector.threadPool("admin-http");
      HardenedConnector.install(config, listen.host(), listen.port(), limits, null);
      config.routes.before("/api/*", auth::check);
      config.routes.before("/api", auth::check);
      config.routes.get("/health", ctx -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.putAll(health.get());
        ctx.json(body);
      });
      for (AdminRoutes r : routes) r.addTo(config);
      config.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(body(e.code(), e.getMessage())));
      config.routes.exception(IllegalArgumentException.class,
          (e, ctx) -> ctx.status(400).json(body("bad_request", e.getMessage())));
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
      config.routes.after("/api/*", ctx -> {
        if (ctx.status().getCode() == 401) {
          // anyone who reaches the port can cause these: one line a minute at most
          String request = ctx.method() + " " + JobNames.quote(ctx.path()) + " from " + ctx.ip();
          log.debug("admin: refused {}", request);
          refusals.refused(Instant.now(), request).ifPresent(log::info);
        } else if (!ctx.method().name().equals("GET")) {
          log.info("admin: {} {} from {} -> {}", ctx.method(), ctx.path(), ctx.ip(), ctx.status().getCode());
        }
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        if (BusyRetry.isBusy(e)) {
          ctx.status(503).json(body("unavailable", "the state database is locked by another process; retry shortly"));
          return;
        }
        log.error("admin API {} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).json(body("internal", "internal error; see the worker log"));
      });
      config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
          .json(body(codeFor(e.getStatus()), e.getStatus() == 404
              ? "no such endpoint: " + ctx.method() + " " + JobNames.quote(ctx.path()) : e.getMessage())));
    });
  }

  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 503 -> "unavailable";
      case 413 -> "request_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal" : "http_" + status;
    };
  }

  static Map<String, Object> body(String code, String message) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("error", code);
    b.put("message", message);
    return b;
  }
}

package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.RestartConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.worker.admin.AdminRoutes;
import io.hostkeeper.worker.admin.ApiError;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admin routes of the watchdog (behind the admin app's token check):
 *
 * <ul>
 *   <li>{@code GET /api/services}: every configured service; for watched ones the watchdog state,
 *       counters, backoff and grace deadlines, last check and the recent restart attempts.
 *   <li>{@code POST /api/services/{name}/rearm}: leave {@code gave_up} (or clear the counters).
 *   <li>{@code POST /api/services/{name}/restart}: restart now through the same gate and lock as
 *       the automatic restarts; answers when the command has ended, with its result, exit status
 *       and output tail (200 even when the command failed: see {@code result}).
 * </ul>
 * Unknown service: 404. Service without {@code restart:}, gate refusal, restart running: 409.
 */
public final class WatchdogRoutes implements AdminRoutes {

  static final int RECENT_ATTEMPTS = 5;

  private final List<ServiceConfig> services;
  private final Map<String, ServiceWatchdog> watchdogs;
  private final WatchdogStore store;

  public WatchdogRoutes(List<ServiceConfig> services, Map<String, ServiceWatchdog> watchdogs, WatchdogStore store) {
    this.services = List.copyOf(services);
    this.watchdogs = Map.copyOf(watchdogs);
    this.store = store;
  }

  @Override
  public void addTo(JavalinConfig config) {
    config.routes.get("/api/services", this::list);
    config.routes.post("/api/services/{name}/rearm", this::rearm);
    config.routes.post("/api/services/{name}/restart", this::restart);
  }

  private void list(Context ctx) {
    ctx.json(Map.of("services", services.stream().map(this::view).toList()));
  }

  private void rearm(Context ctx) {
    ServiceWatchdog w = watched(ctx.pathParam("name"));
    WatchdogState before = w.status().state();
    try {
      WatchdogRecord after = w.rearm();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("service", w.service());
      body.put("previous_state", before.label());
      body.put("state", after.state().label());
      ctx.json(body);
    } catch (WatchdogRefusal e) {
      throw ApiError.conflict(w.service() + ": " + e.getMessage());
    }
  }

  private void restart(Context ctx) {
    ServiceWatchdog w = watched(ctx.pathParam("name"));
    WatchdogReport report;
    try {
      report = w.restartNow();
    } catch (WatchdogRefusal e) {
      throw ApiError.conflict(w.service() + ": restart refused: " + e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>(report.details());
    body.put("result", report.restart().result());
    body.put("message", report.toOutcome().message());
    ctx.json(body);
  }

  private ServiceWatchdog watched(String name) {
    ServiceWatchdog w = watchdogs.get(name);
    if (w != null) return w;
    if (services.stream().anyMatch(s -> s.name().equals(name))) {
      throw ApiError.conflict("service " + name + " has no restart: block in hostkeeper.yml; the watchdog does not manage it");
    }
    throw ApiError.notFound("no service named " + name + " in services: (GET /api/services lists them)");
  }

  private Map<String, Object> view(ServiceConfig service) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", service.name());
    m.put("check", service.check().kind());
    ServiceWatchdog w = watchdogs.get(service.name());
    m.put("watched", w != null);
    if (w == null) return m;
    RestartConfig rc = w.config();
    WatchdogRecord s = w.status();
    m.put("command", w.command());
    if (w.sharedWith().size() > 1) m.put("shares_restart_with", w.sharedWith());
    m.put("state", s.state().label());
    m.put("since", s.since().toString());
    m.put("consecutive_failures", s.consecutiveFailures());
    m.put("after_failures", rc.afterFailures());
    m.put("restarts_in_window", s.restarts().size());
    m.put("max_restarts", rc.maxRestarts());
    m.put("window_seconds", rc.window().toSeconds());
    m.put("next_restart_allowed_at", text(s.nextRestartAllowedAt()));
    m.put("grace_until", text(s.graceUntil()));
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("at", text(s.lastCheckAt()));
    check.put("up", s.lastCheckUp());
    check.put("reason", s.lastReason());
    m.put("last_check", check);
    m.put("last_restart_at", text(s.lastRestartAt()));
    m.put("last_restart_result", s.lastRestartResult());
    m.put("recent_restarts", store.attempts(service.name(), RECENT_ATTEMPTS));
    return m;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}

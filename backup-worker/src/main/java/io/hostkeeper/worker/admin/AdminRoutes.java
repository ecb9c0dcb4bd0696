package io.hostkeeper.worker.admin;

import io.javalin.config.JavalinConfig;

/**
 * An area's routes on the admin API (e.g. {@code /api/backups}, {@code /api/services}). Every
 * {@code /api} route is behind the bearer-token check, which the admin app applies before any
 * handler; errors are JSON {@code {error, message}} via {@link ApiError}.
 */
public interface AdminRoutes {
  void addTo(JavalinConfig config);
}

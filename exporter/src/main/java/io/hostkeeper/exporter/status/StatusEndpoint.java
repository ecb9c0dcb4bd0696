package io.hostkeeper.exporter.status;

import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /api/status}: the status report as JSON (format in docs/api.md). {@code 200} whatever
 * the level, unless the caller asks with {@code ?fail_on=warning|critical} for {@code 503} from
 * that level on; a bad {@code fail_on} is a {@code 400} with a JSON message.
 */
public final class StatusEndpoint {
  private final StatusService status;

  public StatusEndpoint(StatusService status) {
    this.status = status;
  }

  public void handle(Context ctx) {
    FailOn failOn;
    try {
      failOn = FailOn.parse(ctx.queryParams("fail_on"));
    } catch (IllegalArgumentException e) {
      ctx.status(400).json(Map.of("error", e.getMessage()));
      return;
    }
    StatusReport report = status.report();
    ctx.header("Cache-Control", "no-store");
    ctx.status(failOn.httpStatus(report.status())).json(report);
  }
}

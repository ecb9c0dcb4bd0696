package io.hostkeeper.exporter.status.page;

import io.hostkeeper.common.config.Durations;
import io.hostkeeper.exporter.status.history.History;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/history?series=NAME&range=6h}: the samples of one series over the range (at
 * most the history's window), as {@code [epochSeconds, value]} pairs with {@code null} for gaps.
 * Without {@code series}: the series there are. Anything else is a 400 naming what is wrong.
 */
final class HistoryApi {
  private final History history;
  private final Clock clock;

  HistoryApi(History history, Clock clock) {
    this.history = history;
    this.clock = clock;
  }

  void handle(Context ctx) {
    String name = ctx.queryParam("series");
    if (name == null) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (History.Series s : history.series()) list.add(describe(s));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("series", list);
      body.put("step_seconds", history.step().toSeconds());
      body.put("window_seconds", history.window().toSeconds());
      ctx.json(body);
      return;
    }
    Duration range;
    String rangeText = ctx.queryParam("range");
    try {
      range = rangeText == null ? history.window() : Durations.parse(rangeText);
    } catch (RuntimeException e) {
      bad(ctx, "range: " + e.getMessage() + " (e.g. 1h, 6h, 24h)");
      return;
    }
    if (range.isZero() || range.isNegative() || range.compareTo(history.window()) > 0) {
      bad(ctx, "range must be more than 0s and at most " + Durations.format(history.window()) + ", the history kept");
      return;
    }
    Optional<History.Points> points = history.query(name, range, clock.instant());
    if (points.isEmpty()) {
      List<String> known = history.series().stream().map(History.Series::name).toList();
      bad(ctx, "unknown series " + quote(name) + "; known: " + String.join(", ", known));
      return;
    }
    Map<String, Object> body = describe(points.get().series());
    body.put("step_seconds", history.step().toSeconds());
    body.put("range_seconds", range.toSeconds());
    List<Object[]> pairs = new ArrayList<>(points.get().points().size());
    for (var p : points.get().points()) {
      pairs.add(new Object[] {p.epochSecond(), Double.isNaN(p.value()) ? null : p.value()});
    }
    body.put("points", pairs);
    ctx.json(body);
  }

  private static Map<String, Object> describe(History.Series s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("series", s.name());
    m.put("unit", s.unit());
    m.put("title", s.title());
    return m;
  }

  private static void bad(Context ctx, String message) {
    ctx.status(400).json(Map.of("error", message));
  }

  /** Quoted, and cut short: the name is the client's, echoed only as far as it helps. */
  private static String quote(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return "\"" + cut.replaceAll("[^\\p{Print}]", "?") + "\"";
  }
}

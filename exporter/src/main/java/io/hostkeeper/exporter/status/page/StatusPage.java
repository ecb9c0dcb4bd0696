package io.hostkeeper.exporter.status.page;

import static io.hostkeeper.common.web.Html.esc;

import io.hostkeeper.common.web.Format;
import io.hostkeeper.common.config.Durations;
import io.hostkeeper.exporter.status.Level;
import io.hostkeeper.exporter.status.history.History;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The HTML of the exporter's {@code /}: the host at a glance, readable without JavaScript (cards,
 * sensors, services); the charts are drawn by {@code status.js} from {@code /api/history}. Every
 * value from the config or the host is escaped; no inline script or style (the CSP forbids them).
 */
final class StatusPage {
  private StatusPage() {}

  /** Seconds between the page's own reloads. */
  static final int REFRESH_SECONDS = 60;

  static String render(PageModel m) {
    StringBuilder b = new StringBuilder(8192);
    String state = m.overall().json();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">\n")
        .append("<title>").append(esc(state.toUpperCase(Locale.ROOT))).append(" · ")
        .append(esc(m.hostname().isEmpty() ? "host" : m.hostname())).append(" · hostkeeper</title>\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<link rel=\"stylesheet\" href=\"static/uPlot.min.css\">\n")
        .append("<link rel=\"stylesheet\" href=\"static/status.css\">\n")
        .append("<script defer src=\"static/uPlot.iife.min.js\"></script>\n")
        .append("<script defer src=\"static/status.js\"></script>\n")
        .append("</head>\n<body>\n<header>\n<h1>").append(esc(m.hostname().isEmpty() ? "This host" : m.hostname()))
        .append("</h1>\n<p class=\"overall ").append(state).append("\" id=\"overall\">").append(esc(state.toUpperCase(Locale.ROOT)))
        .append("</p>\n<p class=\"when\">as of <time datetime=\"").append(esc(m.time())).append("\">")
        .append(esc(shownTime(m.time()))).append("</time>, reloads every ")
        .append(REFRESH_SECONDS).append(" s</p>\n</header>\n<main>\n");

    b.append("<section class=\"cards\" aria-label=\"Host\">\n");
    for (PageModel.Card c : m.cards()) card(b, c);
    b.append("</section>\n");

    if (!m.sensors().isEmpty()) {
      b.append("<section><h2>Temperatures</h2>\n<table id=\"sensors\"><thead><tr><th>Sensor</th><th>Now</th><th>Max</th><th>Critical</th></tr></thead><tbody>\n");
      for (PageModel.Sensor s : m.sensors()) {
        b.append("<tr class=\"").append(s.level().json()).append("\"><td>").append(esc(s.chip())).append(' ').append(esc(s.label()))
            .append("</td><td>").append(Format.celsius(s.celsius())).append("</td><td>").append(Format.celsius(s.max()))
            .append("</td><td>").append(Format.celsius(s.critical())).append("</td></tr>\n");
      }
      b.append("</tbody></table></section>\n");
    }

    b.append("<section><h2>Services</h2>\n");
    if (m.services().isEmpty()) {
      b.append("<p class=\"muted\">No services configured (<code>services:</code> in hostkeeper.yml).</p>\n");
    } else {
      b.append("<table id=\"services\"><thead><tr><th>Service</th><th>State</th><th>Check</th><th>Latency</th></tr></thead><tbody>\n");
      for (PageModel.Service s : m.services()) {
        b.append("<tr class=\"").append(s.pending() ? "unknown" : s.up() ? "ok" : "critical").append("\" data-service=\"")
            .append(esc(s.name())).append("\">")
            .append("<td>").append(esc(s.name())).append("</td><td>").append(s.pending() ? "not checked yet" : s.up() ? "up" : "down");
        if (!s.up() && !s.pending() && s.reason() != null && !s.reason().isEmpty()) {
          b.append("<br><span class=\"reason\">").append(esc(s.reason())).append("</span>");
        }
        b.append("</td><td>").append(esc(s.check())).append("</td><td>").append(Format.millis(s.latencySeconds())).append("</td></tr>\n");
      }
      b.append("</tbody></table>\n");
    }
    b.append("</section>\n");

    String window = Durations.format(m.chartWindow());
    b.append("<section><h2>Last ").append(window.equals("1d") ? "24 hours" : esc(window)).append("</h2>\n<div class=\"charts\">\n");
    for (History.Series s : m.charts()) {
      b.append("<figure class=\"chart\" data-series=\"").append(esc(s.name())).append("\" data-unit=\"").append(esc(s.unit())).append("\" data-range=\"").append(esc(window))
          .append("\"><figcaption>").append(esc(s.title())).append("</figcaption>")
          .append("<noscript><p class=\"muted\">Charts need JavaScript; the figures above do not.</p></noscript></figure>\n");
    }
    b.append("</div></section>\n</main>\n<footer>\n<p>");
    if (m.workerUrl() != null) {
      b.append("<a id=\"worker-link\" href=\"").append(esc(m.workerUrl())).append("\">Backups and jobs (worker)</a> · ");
    }
    b.append("<a href=\"metrics\">/metrics</a> · <a href=\"api/status\">/api/status</a> · ")
        .append("<a href=\"api/history?series=cpu&amp;range=1h\">/api/history</a> · <a href=\"health\">/health</a></p>\n")
        .append("<p class=\"muted\">hostkeeper exporter ").append(esc(m.version())).append("</p>\n</footer>\n</body></html>\n");
    return b.toString();
  }

  private static void card(StringBuilder b, PageModel.Card c) {
    b.append("<article class=\"card ").append(c.level().json()).append("\"><h2>").append(esc(c.title())).append("</h2>")
        .append("<p class=\"value\">").append(esc(c.value())).append("</p>");
    if (c.meter() != null) {
      b.append("<meter min=\"0\" max=\"100\" value=\"").append(String.format(Locale.ROOT, "%.1f", c.meter())).append('"');
      if (c.warning() != null) b.append(" low=\"").append(c.warning()).append('"');
      if (c.critical() != null) b.append(" high=\"").append(c.critical()).append('"');
      b.append(" optimum=\"0\"></meter>");
    }
    if (c.detail() != null) b.append("<p class=\"detail\">").append(esc(c.detail())).append("</p>");
    b.append("<p class=\"level\">").append(c.level() == Level.UNKNOWN ? "unknown" : c.level().json()).append("</p></article>\n");
  }

  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** The round's time to the second for a reader; the full instant stays in the datetime attribute. */
  static String shownTime(String iso) {
    try {
      return SHOWN.format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}

package io.hostkeeper.exporter.status.page;

import io.hostkeeper.common.web.Format;
import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.exporter.scrape.ScrapeRound;
import io.hostkeeper.exporter.status.HostFigures;
import io.hostkeeper.exporter.status.Level;
import io.hostkeeper.exporter.status.StatusCheck;
import io.hostkeeper.exporter.status.StatusReport;
import io.hostkeeper.exporter.status.history.History;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the status page shows, gathered from one status report (the levels {@code /api/status}
 * gives), the collection round it judged, and the history. Pure: building it reads nothing else.
 */
record PageModel(Level overall, String time, String hostname, String version, List<Card> cards,
    List<Sensor> sensors, List<Service> services, List<History.Series> charts, Duration chartWindow, String workerUrl) {

  /** A card: a headline figure; {@code meter} (0–100) draws a bar, null for none. */
  record Card(String title, String value, Level level, Double meter, Double warning, Double critical, String detail) {}

  record Sensor(String chip, String label, double celsius, double max, double critical, Level level) {}

  /** A service row; {@code pending} until its first check has finished (neither up nor down). */
  record Service(String name, String check, boolean up, boolean pending, String reason, double latencySeconds) {}

  static PageModel build(StatusReport report, ScrapeRound c, History history, Instant now, BuildInfo build, String workerUrl) {
    List<Card> cards = new ArrayList<>();
    List<Service> services = new ArrayList<>();
    Map<String, String> checkKind = labelByService(c, "hostkeeper_service_up", "check");
    Map<String, Double> latency = gaugeByService(c, "hostkeeper_service_check_duration_seconds");
    for (StatusCheck k : report.checks()) {
      String n = k.name();
      if (n.startsWith("service:")) {
        String svc = n.substring("service:".length());
        services.add(new Service(svc, checkKind.getOrDefault(svc, ""), k.level() == Level.OK, k.level() == Level.UNKNOWN,
            k.level() == Level.OK ? "" : k.detail(), latency.getOrDefault(svc, Double.NaN)));
      } else if (n.equals("temperature")) {
        cards.add(card("CPU temperature", k, Format.celsius(value(k)), null));
      } else if (n.startsWith("disk:")) {
        cards.add(card("Disk " + n.substring("disk:".length()), k, Format.percent(value(k)), value(k)));
      } else {
        String title = switch (n) {
          case "cpu" -> "CPU";
          case "memory" -> "Memory";
          case "swap" -> "Swap";
          default -> n;
        };
        cards.add(card(title, k, Format.percent(value(k)), value(k)));
      }
    }
    OptionalDouble l1 = HostFigures.single(c, "hostkeeper_load1");
    OptionalDouble l5 = HostFigures.single(c, "hostkeeper_load5");
    OptionalDouble l15 = HostFigures.single(c, "hostkeeper_load15");
    OptionalDouble cpus = HostFigures.single(c, "hostkeeper_cpus");
    if (l1.isPresent()) {
      cards.add(new Card("Load", Format.number(l1.getAsDouble()), Level.OK, null, null, null,
          "5 min " + Format.number(l5.orElse(Double.NaN)) + " · 15 min " + Format.number(l15.orElse(Double.NaN))
              + (cpus.isPresent() ? " · " + (long) cpus.getAsDouble() + " CPUs" : "")));
    }
    OptionalDouble boot = HostFigures.single(c, "hostkeeper_boot_time_seconds");
    if (boot.isPresent()) {
      Duration up = Duration.ofSeconds(now.getEpochSecond() - (long) boot.getAsDouble());
      cards.add(new Card("Uptime", Format.uptime(up), Level.OK, null, null, null,
          "since " + Instant.ofEpochSecond((long) boot.getAsDouble())));
    }
    double rx = history.last("net_rx");
    double tx = history.last("net_tx");
    if (!Double.isNaN(rx) || !Double.isNaN(tx)) {
      cards.add(new Card("Network", "↓ " + Format.rate(rx), Level.OK, null, null, null, "↑ " + Format.rate(tx)
          + " (all interfaces but lo, last " + history.step().toSeconds() + " s)"));
    }
    return new PageModel(report.status(), report.time(), hostname(c), build.version() + " (" + build.revision() + ")",
        cards, sensors(c), services, history.series(), history.window(), workerUrl);
  }

  private static double value(StatusCheck k) {
    return k.value() == null ? Double.NaN : k.value();
  }

  private static Card card(String title, StatusCheck k, String text, Double meter) {
    String detail = k.detail() != null ? k.detail()
        : (k.warning() != null || k.critical() != null)
            ? "warning " + limit(k.warning()) + " · critical " + limit(k.critical()) : null;
    return new Card(title, text, k.level(), meter == null || meter.isNaN() ? null : meter, k.warning(), k.critical(), detail);
  }

  private static String limit(Double v) {
    return v == null ? "–" : String.valueOf(v.intValue());
  }

  private static String hostname(ScrapeRound c) {
    Optional<MetricSnapshot> info = c.family("hostkeeper_os_info");
    if (info.isEmpty() || info.get().getDataPoints().isEmpty()) return "";
    String h = info.get().getDataPoints().get(0).getLabels().get("hostname");
    return h == null ? "" : h;
  }

  private static List<Sensor> sensors(ScrapeRound c) {
    Map<Labels, Double> max = gauges(c, "hostkeeper_temperature_max_celsius");
    Map<Labels, Double> crit = gauges(c, "hostkeeper_temperature_critical_celsius");
    List<Sensor> out = new ArrayList<>();
    gauges(c, "hostkeeper_temperature_celsius").forEach((l, v) -> {
      double mx = max.getOrDefault(l, Double.NaN);
      double cr = crit.getOrDefault(l, Double.NaN);
      Level level = !Double.isNaN(cr) && v >= cr ? Level.CRITICAL : !Double.isNaN(mx) && v >= mx ? Level.WARNING : Level.OK;
      String label = l.get("label");
      out.add(new Sensor(l.get("chip"), label == null || label.isEmpty() ? l.get("sensor") : label, v, mx, cr, level));
    });
    return out;
  }

  private static Map<Labels, Double> gauges(ScrapeRound c, String family) {
    Map<Labels, Double> out = new java.util.LinkedHashMap<>();
    c.family(family).ifPresent(s -> {
      for (DataPointSnapshot p : s.getDataPoints()) if (p instanceof GaugeDataPointSnapshot g) out.put(p.getLabels(), g.getValue());
    });
    return out;
  }

  private static Map<String, Double> gaugeByService(ScrapeRound c, String family) {
    Map<String, Double> out = new HashMap<>();
    gauges(c, family).forEach((l, v) -> out.put(l.get("service"), v));
    return out;
  }

  private static Map<String, String> labelByService(ScrapeRound c, String family, String label) {
    Map<String, String> out = new HashMap<>();
    c.family(family).ifPresent(s -> {
      for (DataPointSnapshot p : s.getDataPoints()) out.put(p.getLabels().get("service"), p.getLabels().get(label));
    });
    return out;
  }
}

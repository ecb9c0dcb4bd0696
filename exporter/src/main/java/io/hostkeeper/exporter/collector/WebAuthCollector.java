package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.web.WebAuthMetrics;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * {@code hostkeeper_web_auth_failures_total}: the exporter port's basic-auth refusals. Registered
 * only when the web-config file has basic_auth_users, so the family is absent otherwise; it runs
 * with an {@code exporter.collectors.enable} list too (it is the port's, not the host's).
 */
public final class WebAuthCollector implements Collector {
  public static final String NAME = "web_auth";

  private final WebAuthMetrics metrics;

  public WebAuthCollector(WebAuthMetrics metrics) {
    this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
  }

  public static CollectorRegistry.Factory factory(WebAuthMetrics metrics) {
    return CollectorRegistry.Factory.ofThePort(NAME, () -> new WebAuthCollector(metrics));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    return metrics.snapshots();
  }
}

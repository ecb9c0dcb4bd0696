package io.hostkeeper.worker.logs;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.WeakHashMap;

/** The log rotation series of the metric catalogue, registered once per registry. */
public final class LogMetrics {
  private static final Map<PrometheusRegistry, LogMetrics> BY_REGISTRY = new WeakHashMap<>();

  final Counter rotations;
  final Gauge lastSuccess;

  private LogMetrics(PrometheusRegistry registry) {
    rotations = Counter.builder().name("hostkeeper_logrotate_rotations_total")
        .help("Log files rotated, per configured log").labelNames("log").register(registry);
    lastSuccess = Gauge.builder().name("hostkeeper_logrotate_last_success_timestamp_seconds")
        .help("When the log's rotation job last finished without a problem (unix seconds)").labelNames("log").register(registry);
  }

  public static synchronized LogMetrics in(PrometheusRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, LogMetrics::new);
  }
}

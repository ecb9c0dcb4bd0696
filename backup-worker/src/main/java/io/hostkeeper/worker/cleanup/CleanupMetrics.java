package io.hostkeeper.worker.cleanup;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.WeakHashMap;

/** The cleanup series of the metric catalogue, registered once per registry. Dry runs count nothing. */
public final class CleanupMetrics {
  private static final Map<PrometheusRegistry, CleanupMetrics> BY_REGISTRY = new WeakHashMap<>();

  private final Counter files;
  private final Counter bytes;

  private CleanupMetrics(PrometheusRegistry registry) {
    files = Counter.builder().name("hostkeeper_cleanup_deleted_files_total")
        .help("Files, links and empty directories a cleanup deleted").labelNames("cleanup").register(registry);
    bytes = Counter.builder().name("hostkeeper_cleanup_freed_bytes_total")
        .help("Sizes (st_size) of the files and links a cleanup deleted").labelNames("cleanup").register(registry);
  }

  public static synchronized CleanupMetrics in(PrometheusRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, CleanupMetrics::new);
  }

  /** Starts the counters of a configured cleanup at zero. */
  void track(String cleanup) {
    files.labelValues(cleanup);
    bytes.labelValues(cleanup);
  }

  void deleted(String cleanup, int count, long freed) {
    files.labelValues(cleanup).inc(count);
    bytes.labelValues(cleanup).inc(freed);
  }
}

package io.hostkeeper.worker.sqlite;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.WeakHashMap;

/** The SQLite maintenance series of the metric catalogue, registered once per registry. */
public final class SqliteMetrics {
  private static final Map<PrometheusRegistry, SqliteMetrics> BY_REGISTRY = new WeakHashMap<>();

  final Gauge size;
  final Gauge integrityOk;
  final Gauge reclaimed;

  private SqliteMetrics(PrometheusRegistry registry) {
    size = Gauge.builder().name("hostkeeper_sqlite_size_bytes")
        .help("Size on disk of the database (main file plus WAL) after the last maintenance run").labelNames("database").register(registry);
    integrityOk = Gauge.builder().name("hostkeeper_sqlite_integrity_ok")
        .help("1 when the last integrity_check/quick_check found no problem, 0 when it found one").labelNames("database").register(registry);
    reclaimed = Gauge.builder().name("hostkeeper_sqlite_last_vacuum_reclaimed_bytes")
        .help("Bytes the last VACUUM gave back (page count times page size, before minus after)").labelNames("database").register(registry);
  }

  public static synchronized SqliteMetrics in(PrometheusRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, SqliteMetrics::new);
  }
}

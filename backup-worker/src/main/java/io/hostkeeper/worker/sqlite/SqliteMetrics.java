package io.hostkeeper.worker.sqlite;

import io.hostkeeper.common.fs.SafeFiles;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQLite maintenance series of the metric catalogue, registered once per registry. The last
 * values of each database are also kept in {@code <data_dir>/sqlite/<label>.metrics} (written
 * atomically) and served again after a restart, so a damaged database keeps its
 * {@code integrity_ok 0} (and its alert) until a check finds it good.
 */
public final class SqliteMetrics {
  static final String SIZE = "size_bytes";
  static final String INTEGRITY = "integrity_ok";
  static final String RECLAIMED = "last_vacuum_reclaimed_bytes";
  /** rw-r--r--: the values are not secret (they are served on /metrics). */
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Map<PrometheusRegistry, SqliteMetrics> BY_REGISTRY = new WeakHashMap<>();

  private final Map<String, Path> files = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Double>> values = new ConcurrentHashMap<>();

  private SqliteMetrics(PrometheusRegistry registry) {
    gauge(registry, SIZE, "Size on disk of the database (main file plus WAL) after the last maintenance run");
    gauge(registry, INTEGRITY, "1 when the last integrity_check/quick_check found no problem, 0 when it found one");
    gauge(registry, RECLAIMED, "Bytes the last VACUUM gave back (page count times page size, before minus after)");
  }

  private void gauge(PrometheusRegistry registry, String key, String help) {
    GaugeWithCallback.builder().name("hostkeeper_sqlite_" + key).help(help).labelNames("database")
        .callback(cb -> files.keySet().forEach(label -> {
          Double v = known(label).get(key);
          if (v != null) cb.call(v, label);
        }))
        .register(registry);
  }

  public static synchronized SqliteMetrics in(PrometheusRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, SqliteMetrics::new);
  }

  /** Where the values of {@code label} are kept (null: memory only); no I/O. */
  void track(String label, Path file) {
    files.put(label, file == null ? Path.of("") : file);
  }

  /** Records new values of a database: in memory at once, and on disk for the next start. */
  void record(String label, Map<String, Double> update) throws IOException {
    Map<String, Double> merged = new ConcurrentHashMap<>(known(label));
    merged.putAll(update);
    values.put(label, merged);
    Path file = files.get(label);
    if (file == null || file.toString().isEmpty()) return;
    Properties p = new Properties();
    merged.forEach((k, v) -> p.setProperty(k, Double.toString(v)));
    StringWriter text = new StringWriter();
    p.store(text, null);
    Files.createDirectories(file.getParent());
    SafeFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8), FILE_MODE);
  }

  private Map<String, Double> known(String label) {
    Map<String, Double> v = values.get(label);
    if (v != null) return v;
    Path file = files.get(label);
    if (file == null || file.toString().isEmpty() || !Files.isRegularFile(file)) return Map.of();
    try {
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(file)));
      Map<String, Double> loaded = new ConcurrentHashMap<>();
      for (String k : p.stringPropertyNames()) loaded.put(k, Double.parseDouble(p.getProperty(k)));
      values.putIfAbsent(label, loaded);
      return loaded;
    } catch (IOException | NumberFormatException e) {
      return Map.of();
    }
  }
}

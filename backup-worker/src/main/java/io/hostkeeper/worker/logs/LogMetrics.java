package io.hostkeeper.worker.logs;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The log rotation series of the metric catalogue, registered once per registry. The last-success
 * time of each log is also kept in a small file ({@code <data_dir>/logs/<label>.last-success},
 * written atomically), read back the first time it is scraped after a restart, so a restarted
 * worker does not look like one whose rotations stopped.
 */
public final class LogMetrics {
  private static final Map<PrometheusRegistry, LogMetrics> BY_REGISTRY = new WeakHashMap<>();

  final Counter rotations;
  private final Map<String, Path> successFiles = new ConcurrentHashMap<>();
  private final Map<String, Double> lastSuccess = new ConcurrentHashMap<>();

  private LogMetrics(PrometheusRegistry registry) {
    rotations = Counter.builder().name("hostkeeper_logrotate_rotations_total")
        .help("Log files rotated, per configured log").labelNames("log").register(registry);
    GaugeWithCallback.builder().name("hostkeeper_logrotate_last_success_timestamp_seconds")
        .help("When the log's rotation job last finished without a problem (unix seconds)").labelNames("log")
        .callback(cb -> successFiles.forEach((label, file) -> value(label, file).ifPresent(v -> cb.call(v, label))))
        .register(registry);
  }

  public static synchronized LogMetrics in(PrometheusRegistry registry) {
    return BY_REGISTRY.computeIfAbsent(registry, LogMetrics::new);
  }

  /** Where the last success of {@code label} is kept; no I/O. */
  void track(String label, Path stateDir) {
    successFiles.put(label, stateDir.resolve(label + ".last-success"));
  }

  /** Records a successful run: in memory at once, and on disk for the next start. */
  void succeeded(String label, double epochSeconds) throws IOException {
    lastSuccess.put(label, epochSeconds);
    Path file = successFiles.get(label);
    if (file == null) return;
    Files.createDirectories(file.getParent());
    io.hostkeeper.common.fs.SafeFiles.writeAtomically(file, Double.toString(epochSeconds).getBytes(StandardCharsets.US_ASCII),
        io.hostkeeper.common.fs.SafeFiles.PRIVATE_FILE);
  }

  private Optional<Double> value(String label, Path file) {
    Double known = lastSuccess.get(label);
    if (known != null) return Optional.of(known);
    try {
      if (!Files.isRegularFile(file)) return Optional.empty();
      double v = Double.parseDouble(Files.readString(file).strip());
      lastSuccess.putIfAbsent(label, v);
      return Optional.of(v);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}

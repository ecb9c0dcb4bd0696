package io.hostkeeper.common.web;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * How {@code /metrics} bodies are encoded by both processes: the writer client_java picks for the
 * Accept header (protobuf, OpenMetrics, text 0.0.4), the escaping it asks for, and gzip when
 * Accept-Encoding allows it. Pure apart from the encoding itself.
 */
public final class MetricsEncoding {
  private MetricsEncoding() {}

  /** True when {@code Accept-Encoding} lists gzip without {@code q=0}. */
  public static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) return false;
    for (String part : acceptEncoding.split(",")) {
      String[] p = part.trim().split(";");
      if (!p[0].trim().equalsIgnoreCase("gzip")) continue;
      for (int i = 1; i < p.length; i++) {
        String q = p[i].trim();
        if (q.startsWith("q=")) {
          try {
            return Double.parseDouble(q.substring(2)) > 0;
          } catch (NumberFormatException e) {
            return false;
          }
        }
      }
      return true;
    }
    return false;
  }

  /** The body for {@code snapshots} in the writer's format, gzipped when asked. */
  public static byte[] encode(MetricSnapshots snapshots, ExpositionFormatWriter writer, EscapingScheme escaping, boolean gzip) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
      if (gzip) {
        try (GZIPOutputStream out = new GZIPOutputStream(bytes, 8192)) {
          writer.write(out, snapshots, escaping);
        }
      } else {
        writer.write(bytes, snapshots, escaping);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

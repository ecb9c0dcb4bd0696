package io.hostkeeper.worker.logs;

import io.hostkeeper.common.config.LogConfig.Codec;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A rotated sibling of a live log, as found on disk.
 *
 * @param path the file
 * @param base its name without the compression extension ({@code app.log.2}, {@code app.log-20260101})
 * @param index the number of a numbered rotation ({@code app.log.2} → 2), or -1 for a dated one
 * @param stamp the formatted date of a dated rotation, or null for a numbered one
 * @param codec the compression, or null when not compressed
 * @param modified last modification time (the last write to the log before it was rotated)
 */
public record RotatedFile(Path path, String base, int index, String stamp, Codec codec, Instant modified) {

  public boolean compressed() {
    return codec != null;
  }

  /** Sorts newest first: lower index, or later stamp. */
  static int newestFirst(RotatedFile a, RotatedFile b) {
    if (a.stamp != null && b.stamp != null) return b.stamp.compareTo(a.stamp);
    if (a.stamp == null && b.stamp == null) return Integer.compare(a.index, b.index);
    return a.stamp == null ? -1 : 1;
  }
}

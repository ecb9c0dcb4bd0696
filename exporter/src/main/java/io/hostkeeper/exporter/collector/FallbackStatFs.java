package io.hostkeeper.exporter.collector;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * statvfs through {@code primary} (JNA) until it cannot link (JNA's native library cannot be loaded,
 * e.g. a hardened unit with a no-exec temp directory), then through {@code fallback} for good,
 * with one warning. The fallback cannot count inodes, so those series become absent, not wrong.
 */
public final class FallbackStatFs implements StatFs {
  private static final Logger log = LoggerFactory.getLogger(FallbackStatFs.class);

  private final StatFs primary;
  private final StatFs fallback;
  private volatile boolean primaryBroken;

  public FallbackStatFs(StatFs primary, StatFs fallback) {
    this.primary = primary;
    this.fallback = fallback;
  }

  @Override
  public Usage stat(String path) throws IOException {
    if (!primaryBroken) {
      try {
        return primary.stat(path);
      } catch (LinkageError e) {
        primaryBroken = true;
        log.warn("statvfs through JNA is unavailable ({}); filesystem inode counts will be absent", e.toString());
      }
    }
    return fallback.stat(path);
  }
}

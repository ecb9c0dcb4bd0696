package io.hostkeeper.common.config;

import java.nio.file.Path;

/**
 * The {@code exporter.textfile:} section: {@code *.prom} files in the text exposition format that
 * the {@code textfile} collector merges into {@code /metrics}.
 *
 * @param directory where the files are; unset: the collector exports nothing
 * @param maxFileSize a larger file is skipped and reported
 * @param maxSeries at most this many series from all files together; the files past it are skipped and reported
 */
public record TextfileConfig(@Nullable Path directory, @Default("1MiB") ByteSize maxFileSize, @Default("10000") int maxSeries) {
  public TextfileConfig {
    if (maxFileSize != null && (maxFileSize.bytes() < 1024 || maxFileSize.bytes() > 64L << 20)) {
      throw new ConfigViolation("max_file_size", "must be between 1KiB and 64MiB, got " + maxFileSize.bytes() + " bytes");
    }
    if (maxSeries < 1 || maxSeries > 1_000_000) {
      throw new ConfigViolation("max_series", "must be between 1 and 1000000, got " + maxSeries);
    }
    if (directory != null && !directory.isAbsolute()) {
      throw new ConfigViolation("directory", "must be an absolute path, got " + directory);
    }
  }

  /** No directory: the collector exports nothing. */
  public static TextfileConfig defaults() {
    return new TextfileConfig(null, new ByteSize(1L << 20), 10_000);
  }
}

package io.hostkeeper.exporter.collector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reading small /proc and /sys files. Their stat size is 0, and sysctl files answer only a read at
 * offset 0 (a second read at a later offset gets EOF), so each file is read with one large read into
 * a per-thread buffer, growing it only for unusually large files (mountinfo on container hosts).
 */
public final class ProcFiles {
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

  private ProcFiles() {}

  public static String read(Path file) throws IOException {
    byte[] buf = BUFFER.get();
    int n = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
          BUFFER.set(buf);
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) break;
        n += r;
      }
    }
    return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** The trimmed content, or empty when the file does not exist or cannot be read. */
  public static Optional<String> readOptional(Path file) {
    try {
      return Optional.of(read(file).trim());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}

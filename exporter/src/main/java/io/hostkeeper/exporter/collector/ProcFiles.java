package io.hostkeeper.exporter.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reading small /proc and /sys files (their stat size is 0, so read to EOF). */
public final class ProcFiles {
  private ProcFiles() {}

  public static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
  }

  /** The trimmed content, or empty when the file does not exist or cannot be read. */
  public static Optional<String> readOptional(Path file) {
    try {
      return Optional.of(read(file).trim());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}

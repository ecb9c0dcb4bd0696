package io.hostkeeper.exporter.collector.thermal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads one small sysfs attribute. A driver that cannot read its sensor right now fails the read
 * (EAGAIN, EINVAL, EIO, ENODATA): that, and a missing file, is "no value", never an error of the
 * collector. May block as long as the driver does; callers bound it.
 */
@FunctionalInterface
public interface SysfsFiles {

  Optional<String> read(Path file);

  /** The real file system. */
  SysfsFiles REAL = file -> {
    try {
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(SysfsFiles.class).debug("cannot read {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  };
}

package io.hostkeeper.exporter.collector.thermal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds and reads the Raspberry Pi firmware's {@code get_throttled} attribute, which Raspberry Pi
 * OS kernels expose on the firmware device: {@code devices/platform/soc/soc:firmware/get_throttled}
 * (Pi 4 and earlier) or under {@code devices/platform/<bus>/<bus>:firmware/} on newer boards (Pi 5).
 * The location is found once and remembered; hosts without it cost one short folder listing
 * per scrape.
 */
public final class ThrottleReader {
  private final Path sysfs;
  private final SysfsFiles files;
  private volatile Path found;

  public ThrottleReader(Path sysfs, SysfsFiles files) {
    this.sysfs = sysfs;
    this.files = files;
  }

  public Optional<RpiThrottle.Flags> read() {
    Path file = found;
    if (file == null || !Files.exists(file)) {
      file = locate().orElse(null);
      found = file;
    }
    return file == null ? Optional.empty() : files.read(file).flatMap(RpiThrottle::parse);
  }

  private Optional<Path> locate() {
    Path platform = sysfs.resolve("devices/platform");
    if (!Files.isDirectory(platform)) return Optional.empty();
    try (DirectoryStream<Path> top = Files.newDirectoryStream(platform)) {
      for (Path dir : top) {
        String name = dir.getFileName().toString();
        if (name.contains("firmware") && Files.exists(dir.resolve("get_throttled"))) return Optional.of(dir.resolve("get_throttled"));
        if (!(name.startsWith("soc") || name.startsWith("axi")) || !Files.isDirectory(dir)) continue;
        try (DirectoryStream<Path> inner = Files.newDirectoryStream(dir, p -> p.getFileName().toString().contains("firmware"))) {
          for (Path fw : inner) {
            if (Files.exists(fw.resolve("get_throttled"))) return Optional.of(fw.resolve("get_throttled"));
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}

package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * nvme: what sysfs tells about each NVMe controller without smartctl ({@code /sys/class/nvme/nvmeN}:
 * model, serial, firmware and controller state; the figures of node_exporter's nvme collector).
 * Wear, spare and media errors are only in the drive's health log: the optional {@code smart}
 * collector reads those. Temperatures come with {@code thermal} (the drive's hwmon). A host without
 * NVMe exports nothing.
 */
public final class NvmeCollector implements Collector {
  private final HostRoots roots;

  public NvmeCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "nvme";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    List<Path> controllers = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(roots.sys("class/nvme"), "nvme*")) {
      for (Path p : dir) controllers.add(p);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    if (controllers.isEmpty()) return List.of();
    controllers.sort(null);
    InfoSnapshot.Builder info = InfoSnapshot.builder().name("hostkeeper_nvme")
        .help("The NVMe controller's model, serial number, firmware revision and state (live, resetting, dead, ...) (value 1).");
    for (Path c : controllers) {
      info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("device", c.getFileName().toString(),
          "model", read(c, "model"), "serial", read(c, "serial"), "firmware_revision", read(c, "firmware_rev"),
          "state", read(c, "state"))).build());
    }
    return List.of(info.build());
  }

  private static String read(Path dir, String file) {
    return ProcFiles.readOptional(dir.resolve(file)).orElse("");
  }
}

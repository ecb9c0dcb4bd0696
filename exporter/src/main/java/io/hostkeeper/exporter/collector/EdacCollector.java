package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * edac: memory errors the kernel's EDAC drivers counted, per memory controller and chip-select row,
 * from {@code /sys/devices/system/edac/mc/mcN} (the figures node_exporter's edac collector has).
 * Errors the driver could not place on a row are in {@code csrow="unknown"}. A host without EDAC
 * (no ECC memory, or no driver) exports nothing; a counter whose file is missing is absent.
 */
public final class EdacCollector implements Collector {
  private final HostRoots roots;

  public EdacCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "edac";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws IOException {
    Families.Counter ce = new Families.Counter("hostkeeper_edac_correctable_errors",
        "Correctable memory errors counted by the memory controller.");
    Families.Counter ue = new Families.Counter("hostkeeper_edac_uncorrectable_errors",
        "Uncorrectable memory errors counted by the memory controller.");
    Families.Counter rowCe = new Families.Counter("hostkeeper_edac_csrow_correctable_errors",
        "Correctable memory errors per chip-select row (csrow=\"unknown\": not placed on a row).");
    Families.Counter rowUe = new Families.Counter("hostkeeper_edac_csrow_uncorrectable_errors",
        "Uncorrectable memory errors per chip-select row (csrow=\"unknown\": not placed on a row).");
    for (Path mc : numbered(roots.sys("devices/system/edac/mc"), "mc")) {
      String c = mc.getFileName().toString().substring(2);
      count(mc.resolve("ce_count")).ifPresent(v -> ce.add(v, "controller", c));
      count(mc.resolve("ue_count")).ifPresent(v -> ue.add(v, "controller", c));
      count(mc.resolve("ce_noinfo_count")).ifPresent(v -> rowCe.add(v, "controller", c, "csrow", "unknown"));
      count(mc.resolve("ue_noinfo_count")).ifPresent(v -> rowUe.add(v, "controller", c, "csrow", "unknown"));
      for (Path row : numbered(mc, "csrow")) {
        String r = row.getFileName().toString().substring(5);
        count(row.resolve("ce_count")).ifPresent(v -> rowCe.add(v, "controller", c, "csrow", r));
        count(row.resolve("ue_count")).ifPresent(v -> rowUe.add(v, "controller", c, "csrow", r));
      }
    }
    List<MetricSnapshot> out = new ArrayList<>();
    ce.addTo(out);
    ue.addTo(out);
    rowCe.addTo(out);
    rowUe.addTo(out);
    return out;
  }

  /** The entries {@code prefix<digits>} of {@code dir} in numeric order; none when it does not exist. */
  static List<Path> numbered(Path dir, String prefix) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "[0-9]*")) {
      for (Path p : s) if (p.getFileName().toString().substring(prefix.length()).chars().allMatch(Character::isDigit)) out.add(p);
    } catch (NoSuchFileException e) {
      return out;
    }
    out.sort((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString().substring(prefix.length())),
        Long.parseLong(b.getFileName().toString().substring(prefix.length()))));
    return out;
  }

  /** A non-negative whole number from a sysfs file; empty when missing or not a number. */
  static OptionalDouble count(Path file) {
    return ProcFiles.readOptional(file).map(EdacCollector::parseCount).orElse(OptionalDouble.empty());
  }

  static OptionalDouble parseCount(String text) {
    try {
      long v = Long.parseLong(text.trim());
      return v >= 0 ? OptionalDouble.of(v) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}

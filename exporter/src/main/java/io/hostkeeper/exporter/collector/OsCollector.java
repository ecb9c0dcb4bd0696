package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hostkeeper_os_info{name,version,kernel,arch,hostname}} from {@code <rootfs>/etc/os-release}
 * (or {@code /usr/lib/os-release}) and {@code /proc/sys/kernel/}; JVM properties where those are missing.
 */
public final class OsCollector implements Collector {
  private final HostRoots roots;

  public OsCollector(HostRoots roots) {
    this.roots = roots;
  }

  @Override
  public String name() {
    return "os";
  }

  /** KEY=value pairs of an os-release file, quotes removed. */
  public static Map<String, String> parseOsRelease(String text) {
    Map<String, String> out = new HashMap<>();
    for (String line : text.split("\n")) {
      line = line.trim();
      int eq = line.indexOf('=');
      if (line.startsWith("#") || eq <= 0) continue;
      String v = line.substring(eq + 1).trim();
      if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
        v = v.substring(1, v.length() - 1).replace("\\\"", "\"");
      }
      out.put(line.substring(0, eq), v);
    }
    return out;
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    Optional<String> release = ProcFiles.readOptional(roots.underRoot("/etc/os-release"))
        .or(() -> ProcFiles.readOptional(roots.underRoot("/usr/lib/os-release")));
    Map<String, String> os = parseOsRelease(release.orElse(""));
    String name = os.getOrDefault("NAME", System.getProperty("os.name"));
    String version = os.getOrDefault("VERSION_ID", os.getOrDefault("VERSION", release.isPresent() ? "" : System.getProperty("os.version")));
    String kernel = ProcFiles.readOptional(roots.proc("sys/kernel/osrelease")).orElse(System.getProperty("os.version"));
    String arch = ProcFiles.readOptional(roots.proc("sys/kernel/arch")).orElse(System.getProperty("os.arch"));
    String hostname = ProcFiles.readOptional(roots.proc("sys/kernel/hostname")).orElse("");
    return List.of(Families.info("hostkeeper_os", "Operating system and host identity; value 1.",
        "name", name, "version", version, "kernel", kernel, "arch", arch, "hostname", hostname));
  }
}

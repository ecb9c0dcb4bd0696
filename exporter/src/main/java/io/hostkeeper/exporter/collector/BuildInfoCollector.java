package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.BuildInfo;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/** {@code hostkeeper_exporter_build_info{version,revision,java_version}}; built once, no I/O per scrape. */
public final class BuildInfoCollector implements Collector {
  private final List<MetricSnapshot> snapshots;

  public BuildInfoCollector(BuildInfo build) {
    this.snapshots = List.of(Families.info("hostkeeper_exporter_build", "Version of this exporter; value 1.",
        "version", build.version(), "revision", build.revision(), "java_version", build.javaVersion()));
  }

  @Override
  public String name() {
    return "buildinfo";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    return snapshots;
  }
}

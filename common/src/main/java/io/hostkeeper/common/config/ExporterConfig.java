package io.hostkeeper.common.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code exporter:} section. */
public record ExporterConfig(
    @Default("0.0.0.0:29100") HostPort listen,
    PathsConfig paths,
    CollectorsConfig collectors,
    /** No sample served is older than this; 0s means every scrape collects afresh (in-flight scrapes still share). */
    @Default("1s") Duration maxStaleness,
    /** Time budget for a scrape when Prometheus sends no X-Prometheus-Scrape-Timeout-Seconds. */
    @Default("10s") Duration scrapeTimeout,
    FilesystemsConfig filesystems,
    ThresholdsConfig thresholds,
    /** Groups of processes reported by the {@code processgroups} collector; non-empty switches it on. */
    List<ProcessGroupConfig> processGroups,
    /** The status page at {@code /} and its history. */
    StatusPageConfig statusPage,
    /** How the service checks run: their interval and how many at once. */
    ServiceChecksConfig serviceChecks,
    /** {@code *.prom} files merged into /metrics by the {@code textfile} collector. */
    TextfileConfig textfile,
    /** The optional {@code smart} collector: how often and how smartctl runs. */
    SmartConfig smart,
    /**
     * TLS, basic auth and response headers of the exporter port, in the Prometheus exporter
     * web-configuration format (node_exporter's {@code --web.config.file}); absent: plain HTTP.
     */
    java.nio.file.Path webConfigFile) {

  public ExporterConfig {
    if (statusPage == null) statusPage = new StatusPageConfig(java.time.Duration.ofSeconds(60));
    if (serviceChecks == null) serviceChecks = ServiceChecksConfig.defaults();
    if (textfile == null) textfile = TextfileConfig.defaults();
    if (smart == null) smart = SmartConfig.defaults();
    processGroups = processGroups == null ? List.of() : List.copyOf(processGroups);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < processGroups.size(); i++) {
      String name = processGroups.get(i).name();
      if (name != null && !names.add(name)) {
        throw new ConfigViolation("process_groups[" + i + "].name", "duplicate process group name \"" + name
            + "\"; each group needs its own name");
      }
    }
  }

  /** Without the textfile and smart sections (their defaults) and without a web-config file. */
  public ExporterConfig(HostPort listen, PathsConfig paths, CollectorsConfig collectors, Duration maxStaleness,
      Duration scrapeTimeout, FilesystemsConfig filesystems, ThresholdsConfig thresholds, List<ProcessGroupConfig> processGroups,
      StatusPageConfig statusPage, ServiceChecksConfig serviceChecks) {
    this(listen, paths, collectors, maxStaleness, scrapeTimeout, filesystems, thresholds, processGroups, statusPage,
        serviceChecks, null, null, null);
  }

  /** This section with another web-config file (the {@code --web.config.file} flag). */
  public ExporterConfig withWebConfigFile(java.nio.file.Path file) {
    return new ExporterConfig(listen, paths, collectors, maxStaleness, scrapeTimeout, filesystems, thresholds, processGroups,
        statusPage, serviceChecks, textfile, smart, file);
  }

  /** Without process groups. */
  public ExporterConfig(HostPort listen, PathsConfig paths, CollectorsConfig collectors, Duration maxStaleness,
      Duration scrapeTimeout, FilesystemsConfig filesystems, ThresholdsConfig thresholds) {
    this(listen, paths, collectors, maxStaleness, scrapeTimeout, filesystems, thresholds, List.of(), null, null, null, null, null);
  }

  /** With process groups, the default status page. */
  public ExporterConfig(HostPort listen, PathsConfig paths, CollectorsConfig collectors, Duration maxStaleness,
      Duration scrapeTimeout, FilesystemsConfig filesystems, ThresholdsConfig thresholds, List<ProcessGroupConfig> processGroups) {
    this(listen, paths, collectors, maxStaleness, scrapeTimeout, filesystems, thresholds, processGroups, null, null, null, null, null);
  }

  /** With process groups and a status page, the default service checks. */
  public ExporterConfig(HostPort listen, PathsConfig paths, CollectorsConfig collectors, Duration maxStaleness,
      Duration scrapeTimeout, FilesystemsConfig filesystems, ThresholdsConfig thresholds, List<ProcessGroupConfig> processGroups,
      StatusPageConfig statusPage) {
    this(listen, paths, collectors, maxStaleness, scrapeTimeout, filesystems, thresholds, processGroups, statusPage, null, null, null, null);
  }
}

package io.hostkeeper.common.config;

import java.time.Duration;

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
    ThresholdsConfig thresholds) {}

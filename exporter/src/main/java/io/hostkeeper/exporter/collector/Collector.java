package io.hostkeeper.exporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * One source of metrics (like node_exporter's collectors): one class per collector, with helpers
 * of its own in a package beside it where it needs many (thermal's readers and parsers live in
 * {@code collector/thermal}). Constructors validate and
 * never do I/O; {@link #collect} reads and returns immutable client_java snapshots. A collector may
 * throw: the scrape wrapper reports it in {@code hostkeeper_scrape_collector_success{collector}} and
 * leaves its families out, and the rest of the scrape goes out.
 */
public interface Collector {

  /** The name used in config ({@code collectors.enable/disable}), {@code collect[]} and the collector label. */
  String name();

  List<MetricSnapshot> collect(ScrapeContext context) throws Exception;
}

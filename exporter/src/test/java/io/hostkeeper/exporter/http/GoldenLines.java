package io.hostkeeper.exporter.http;

import java.util.stream.Collectors;

/** Strips the series that differ between two scrapes of the same fixture (collector durations). */
final class GoldenLines {
  private GoldenLines() {}

  static String withoutDurations(String body) {
    return body.lines().filter(l -> !l.startsWith("hostkeeper_scrape_collector_duration_seconds{"))
        .collect(Collectors.joining("\n"));
  }
}

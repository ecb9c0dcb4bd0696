package io.hostkeeper.exporter.collector;

import java.time.Duration;

/**
 * What a collector knows about the scrape it serves.
 *
 * @param deadlineNanos {@link System#nanoTime()} value by which the collector's result must be in
 */
public record ScrapeContext(long deadlineNanos) {

  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }
}

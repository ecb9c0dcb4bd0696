package io.hostkeeper.common.config;

import java.time.Duration;

/**
 * The {@code exporter.status_page:} section: the page at {@code /} and its in-process history.
 *
 * @param historyInterval how often the history is sampled; it keeps 1440 samples a series (24 h at
 *     the default one a minute; a shorter interval keeps a shorter window)
 */
public record StatusPageConfig(@Default("60s") Duration historyInterval) {
  public StatusPageConfig {
    if (historyInterval != null && (historyInterval.compareTo(Duration.ofSeconds(1)) < 0
        || historyInterval.compareTo(Duration.ofMinutes(10)) > 0)) {
      throw new ConfigViolation("history_interval", "must be between 1s and 10m, got " + Durations.format(historyInterval));
    }
  }
}

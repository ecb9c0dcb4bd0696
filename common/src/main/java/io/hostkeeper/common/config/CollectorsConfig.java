package io.hostkeeper.common.config;

import java.util.List;

/** Either {@code enable} (only these) or {@code disable} (all default ones but these), not both. */
public record CollectorsConfig(List<String> enable, List<String> disable) {
  public CollectorsConfig {
    enable = List.copyOf(enable);
    disable = List.copyOf(disable);
    if (!enable.isEmpty() && !disable.isEmpty()) {
      throw new ConfigViolation("give either enable or disable, not both");
    }
  }
}

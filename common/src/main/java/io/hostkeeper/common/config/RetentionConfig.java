package io.hostkeeper.common.config;

/** restic-style retention, OR semantics; all absent means keep everything. */
public record RetentionConfig(
    Integer keepLast, Integer keepHourly, Integer keepDaily,
    Integer keepWeekly, Integer keepMonthly, Integer keepYearly) {
  public RetentionConfig {
    for (Integer n : new Integer[] {keepLast, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly}) {
      if (n != null && n < 0) throw new ConfigViolation("keep_* counts must not be negative");
    }
  }

  public boolean isEmpty() {
    return keepLast == null && keepHourly == null && keepDaily == null
        && keepWeekly == null && keepMonthly == null && keepYearly == null;
  }
}

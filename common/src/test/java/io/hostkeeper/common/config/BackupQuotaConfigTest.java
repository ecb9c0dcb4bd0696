package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** backups[].destination_quota: a size above 0, absent by default. */
class BackupQuotaConfigTest {
  static String yaml(String quotaLine) {
    return String.join("\n",
        "backups:",
        "  - name: app",
        "    schedule: \"@daily\"",
        "    sources: [{path: /srv}]",
        "    recipients: [/etc/hk/pub.asc]",
        "    destination: /var/backups",
        quotaLine,
        "");
  }

  @Test
  void absentMeansNoQuota() {
    assertNull(ConfigLoader.parse(yaml(""), "t.yml").config().backups().get(0).destinationQuota());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"5GiB, 5368709120", "100 MB, 100000000", "4096, 4096"})
  void accepted(String text, long bytes) {
    assertEquals(bytes, ConfigLoader.parse(yaml("    destination_quota: " + text), "t.yml").config().backups().get(0)
        .destinationQuota().bytes());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0, must be larger than 0", "5 gigs, unknown size unit", "-1GiB, expected a size"})
  void refused(String text, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml("    destination_quota: " + text), "t.yml"));
    String shown = e.errors().toString();
    assertTrue(shown.contains("backups[0].destination_quota") && shown.contains(message), shown);
  }
}

package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** compression_level is checked against the codec it applies to. */
class BackupCompressionLevelTest {
  static String yaml(String compression, String level) {
    return String.join("\n",
        "backups:",
        "  - name: app",
        "    schedule: \"@daily\"",
        "    sources: [{path: /srv}]",
        "    recipients: [/etc/hk/pub.asc]",
        "    destination: /var/backups",
        "    compression: " + compression,
        "    compression_level: " + level,
        "");
  }

  @ParameterizedTest(name = "{0} level {1}")
  @CsvSource({"zstd, 1", "zstd, 19", "gzip, 9"})
  void accepted(String compression, String level) {
    assertEquals(Integer.valueOf(level), ConfigLoader.parse(yaml(compression, level), "t.yml").config().backups().get(0).compressionLevel());
  }

  @ParameterizedTest(name = "{0} level {1}")
  @CsvSource({"zstd, 0, must be 1-19", "zstd, 20, must be 1-19", "gzip, 10, must be 1-9", "none, 3, does not apply"})
  void refused(String compression, String level, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml(compression, level), "t.yml"));
    String shown = e.errors().toString();
    assertTrue(shown.contains("backups[0].compression_level") && shown.contains(message), shown);
  }
}

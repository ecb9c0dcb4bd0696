package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** check-config lists the shape errors and the file-system problems of the valid sections in one run. */
class CheckedConfigTest {
  /** Like the worker's backup and data-directory checks: recipient files must exist, data_dir too. */
  static final Function<LoadedConfig, List<ConfigError>> FILE_CHECKS = loaded -> {
    List<ConfigError> errors = new ArrayList<>();
    HostkeeperConfig c = loaded.config();
    for (int i = 0; i < c.backups().size(); i++) {
      for (int j = 0; j < c.backups().get(i).recipients().size(); j++) {
        var key = c.backups().get(i).recipients().get(j);
        if (!Files.exists(key)) errors.add(loaded.errorAt("backups[" + i + "].recipients[" + j + "]", "file not found: " + key));
      }
    }
    if (c.worker().dataDir() == null) errors.add(loaded.errorAt("worker.data_dir", "not set"));
    return errors;
  };

  static final String BACKUP = "backups:\n  - name: app\n    schedule: '@daily'\n    sources: [{path: /etc}]\n"
      + "    recipients: [/nonexistent/hk/pub.asc]\n    destination: /var/backups/hk\n";

  @Test
  void aMissingRecipientIsListedWithATypoAndABadDurationInOneRun() {
    String yaml = "exporter:\n  max_stalenes: 2s\nworker:\n  history_retention: 10 dayz\n" + BACKUP;
    CheckedConfig c = CheckedConfig.parse(yaml, "f.yml", n -> null, FILE_CHECKS);
    assertFalse(c.valid());
    assertEquals(List.of(
        "exporter.max_stalenes: line 2: unknown key; did you mean max_staleness?",
        "worker.history_retention: line 4: expected a duration such as 90s, 15m or 2h, got \"10 dayz\"",
        "backups[0].recipients[0]: line 9: file not found: /nonexistent/hk/pub.asc"),
        c.errors().stream().map(ConfigError::toString).toList());
  }

  @Test
  void checksOfASectionWithShapeErrorsAreLeftOut() {
    // worker has an error, so its data_dir check (which would say "not set") is not reported;
    // a broken backups section is not file-checked at all.
    String yaml = "worker:\n  colour: blue\nbackups:\n  - name: app\n    schedule: '@daily'\n    recipients: [/nonexistent/k]\n";
    CheckedConfig c = CheckedConfig.parse(yaml, "f.yml", n -> null, FILE_CHECKS);
    List<String> errors = c.errors().stream().map(ConfigError::toString).toList();
    assertTrue(errors.stream().noneMatch(e -> e.startsWith("worker.data_dir") || e.contains("file not found")), errors.toString());
    assertTrue(errors.contains("worker.colour: line 2: unknown key; allowed keys here: data_dir, metrics_listen, admin, history_retention, time_zone, web_config_file"));
  }

  @Test
  void twoServicesWithOneNameDoNotHideTheOtherSectionsChecks() {
    String yaml = "services:\n  - {name: web, check: {systemd: {unit: a}}}\n  - {name: web, check: {systemd: {unit: b}}}\n"
        + "worker:\n  data_dir: /srv/hk\n" + BACKUP;
    CheckedConfig c = CheckedConfig.parse(yaml, "f.yml", n -> null, FILE_CHECKS);
    assertEquals(List.of(
        "services[1].name: line 3: name \"web\" is already used by services[0]; names must be unique",
        "backups[0].recipients[0]: line 10: file not found: /nonexistent/hk/pub.asc"),
        c.errors().stream().map(ConfigError::toString).toList());
  }

  @Test
  void aValidFileHasItsConfigAndNoErrors() {
    CheckedConfig c = CheckedConfig.parse("worker:\n  data_dir: /srv/hk\n", "f.yml", n -> null, FILE_CHECKS);
    assertTrue(c.valid());
    assertEquals("/srv/hk", c.orThrow().config().worker().dataDir().toString());
  }

  @Test
  void aFileThatIsNotAConfigGetsNoChecks() {
    CheckedConfig c = CheckedConfig.parse("- a\n- b\n", "f.yml", n -> null, loaded -> {
      throw new AssertionError("no checks on a document that is not a mapping");
    });
    assertEquals(1, c.errors().size());
  }
}

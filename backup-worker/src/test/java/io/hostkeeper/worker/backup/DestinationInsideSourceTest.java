package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A destination inside a source made every archive hold the earlier ones (5 runs: 0.98 → 15.3 MiB).
 * check-config refuses it, seen as written and through links; and the walk never enters the
 * destination or the worker's data directory, whatever the configuration says.
 */
class DestinationInsideSourceTest {
  @TempDir Path dir;
  TestKeys keys;

  @BeforeEach
  void setUp() throws Exception {
    keys = TestKeys.make(dir.resolve("keys"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/srv/data | ''              | /srv/data/backups     | backups",
      "/srv/data | ''              | /srv/data             | ''",
      "/srv/data | ''              | /srv/data/./x/../b    | b",
      "/srv/data | ''              | /srv/database         | null",
      "/srv/data | ''              | /srv                  | null",
      "/srv/data | backups         | /srv/data/backups/app | null",
      "/srv/data | backups/**      | /srv/data/backups/app | null",
      "/srv/data | backups/*.gpg   | /srv/data/backups/app | backups/app",
      "/srv/data | backups/app     | /srv/data/backups/app | null",
      "/        | var/backups     | /var/backups/hk       | null",
      "/        | *.tmp           | /var/backups/hk       | var/backups/hk",
  })
  void destinationInsideSourceUnlessExcluded(String source, String exclude, String dest, String expected) {
    List<String> ex = exclude.isEmpty() ? List.of() : List.of(exclude);
    assertEquals("null".equals(expected) ? null : expected, DestinationOverlap.inside(Path.of(source), ex, Path.of(dest)));
  }

  LoadedConfig config(Path source, Path dest) throws Exception {
    String yaml = """
        backups:
          - name: app
            schedule: "@daily"
            sources:
              - path: %s/elsewhere
              - path: %s
            recipients: [%s]
            destination: %s
        """.formatted(dir, source, keys.publicKey(), dest);
    Files.createDirectories(dir.resolve("elsewhere"));
    return ConfigLoader.parse(yaml, "test.yml");
  }

  @Test
  void checkConfigRefusesADestinationInsideASourceNamingPathAndLine() throws Exception {
    Path src = Files.createDirectories(dir.resolve("data"));
    var errors = BackupChecks.check(config(src, src.resolve("backups"))).stream().map(ConfigError::toString).toList();
    assertEquals(List.of("backups[0].destination: line 8: " + src.resolve("backups") + " is inside source backups[0].sources[1].path ("
        + src + "): every archive would contain the earlier ones; use a destination outside the source, or exclude it there"
        + " (exclude: [\"backups\"])"), errors);
  }

  @Test
  void checkConfigRefusesADestinationThatReachesIntoASourceThroughALink() throws Exception {
    Path src = Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(src.resolve("archives"));
    Path viaLink = Files.createSymbolicLink(dir.resolve("backups"), src.resolve("archives"));
    var errors = BackupChecks.check(config(src, viaLink)).stream().map(ConfigError::toString).toList();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("backups[0].destination: line 8: " + viaLink + " is inside source backups[0].sources[1].path"),
        errors.get(0));
    assertTrue(errors.get(0).contains("through links: " + src.toRealPath().resolve("archives")), errors.get(0));
  }

  @Test
  void checkConfigAcceptsADestinationBesideTheSource() throws Exception {
    Path src = Files.createDirectories(dir.resolve("data"));
    assertEquals(List.of(), BackupChecks.check(config(src, dir.resolve("backups"))));
  }

  @Test
  void walkNeverEntersTheDestinationSoArchivesDoNotNest() throws Exception {
    Path src = Trees.build(dir.resolve("data"));
    Path dest = src.resolve("backups");
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dest, null);
    var catalogue = new BackupCatalogue(TestBackups.stateDb(dir));
    Clock clock = Clock.systemUTC();
    var first = new BackupRunner(config, catalogue, dir.resolve("state"), dir.resolve("state/tmp"), clock, null, null).run();
    var second = new BackupRunner(config, catalogue, dir.resolve("state"), dir.resolve("state/tmp"),
        Clock.offset(clock, Duration.ofMinutes(1)), null, null).run();
    assertFalse(second.manifest().members().stream().anyMatch(m -> m.name().contains("/backups/")),
        "no archive, side manifest or lock of the destination inside the archive: " + second.manifest().members());
    assertTrue(second.manifest().problems().stream().anyMatch(p -> p.path().equals(dest.toString())
        && p.problem().contains("destination of backup app")), second.manifest().problems().toString());
    assertEquals(first.manifest().totalMemberBytes(), second.manifest().totalMemberBytes(), "the second archive did not grow");
  }

  @Test
  void walkNeverEntersTheWorkersDataDirectory() throws Exception {
    Path src = Trees.build(dir.resolve("data"));
    Path dataDir = Files.createDirectories(src.resolve("var/lib/hostkeeper"));
    Files.writeString(dataDir.resolve("state.db"), "not archived raw");
    var config = TestBackups.config("app", List.of(TestBackups.path(src)), List.of(keys.publicKey()), dir.resolve("dest"), null);
    var r = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dataDir, dataDir.resolve("tmp"),
        Clock.systemUTC(), null, null).run();
    assertFalse(r.manifest().members().stream().anyMatch(m -> m.name().contains("hostkeeper/state.db")), r.manifest().members().toString());
    assertTrue(r.manifest().problems().stream().anyMatch(p -> p.problem().contains("the worker's data directory")));
  }
}

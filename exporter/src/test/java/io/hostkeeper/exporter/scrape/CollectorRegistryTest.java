package io.hostkeeper.exporter.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.CollectorsConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.ProcessGroupConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.exporter.ExporterConfigCheck;
import io.hostkeeper.exporter.FixtureExporter;
import io.hostkeeper.exporter.TestConfigs;
import io.hostkeeper.exporter.collector.Collector;
import io.hostkeeper.exporter.collector.HostRoots;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CollectorRegistryTest {
  final HostRoots roots = TestConfigs.fixture("server");

  CollectorRegistry registry() {
    return CollectorRegistry.builtIn(TestConfigs.exporter(roots), roots, FixtureExporter.BUILD, FixtureExporter.CLOCK,
        FixtureExporter.FAKE_STATFS);
  }

  static List<String> names(List<Collector> cs) {
    return cs.stream().map(Collector::name).toList();
  }

  @Test
  void defaultsRunEveryBuiltInCollectorButTheOptionalOnes() {
    List<String> optional = List.of("kmsg", "processgroups", "smart", "textfile");
    assertEquals(registry().knownNames().stream().filter(n -> !optional.contains(n)).sorted().toList(),
        names(registry().build(new CollectorsConfig(List.of(), List.of()))).stream().sorted().toList());
  }

  @Test
  void optionalCollectorsRunWhenEnabledOrWhenProcessGroupsAreConfigured() {
    assertEquals(List.of("kmsg", "processgroups"),
        names(registry().build(new CollectorsConfig(List.of("processgroups", "kmsg"), List.of()))));
    ExporterConfig base = TestConfigs.exporter(roots);
    ExporterConfig withGroups = new ExporterConfig(base.listen(), base.paths(), base.collectors(), base.maxStaleness(),
        base.scrapeTimeout(), base.filesystems(), base.thresholds(),
        List.of(new ProcessGroupConfig("web", Pattern.compile("nginx"), ProcessGroupConfig.MatchOn.CMDLINE)));
    CollectorRegistry r = CollectorRegistry.builtIn(withGroups, roots, FixtureExporter.BUILD, FixtureExporter.CLOCK,
        FixtureExporter.FAKE_STATFS);
    List<String> defaults = names(r.build(new CollectorsConfig(List.of(), List.of())));
    assertTrue(defaults.contains("processgroups") && !defaults.contains("kmsg"), defaults.toString());
    assertTrue(!names(r.build(new CollectorsConfig(List.of(), List.of("processgroups")))).contains("processgroups"));
    assertEquals(List.of("cpu"), names(r.build(new CollectorsConfig(List.of("cpu"), List.of()))));
  }

  @Test
  void textfileRunsByDefaultOnceItsDirectoryIsSetAndSmartOnlyWhenEnabled() {
    ExporterConfig base = TestConfigs.exporter(roots);
    ExporterConfig withDir = new ExporterConfig(base.listen(), base.paths(), base.collectors(), base.maxStaleness(),
        base.scrapeTimeout(), base.filesystems(), base.thresholds(), List.of(), null, null,
        new io.hostkeeper.common.config.TextfileConfig(java.nio.file.Path.of("/var/lib/hostkeeper/textfile"),
            new io.hostkeeper.common.config.ByteSize(1 << 20), 100), null, null);
    CollectorRegistry r = CollectorRegistry.builtIn(withDir, roots, FixtureExporter.BUILD, FixtureExporter.CLOCK,
        FixtureExporter.FAKE_STATFS);
    List<String> defaults = names(r.build(new CollectorsConfig(List.of(), List.of())));
    assertTrue(defaults.contains("textfile") && !defaults.contains("smart"), defaults.toString());
    assertTrue(!names(registry().build(new CollectorsConfig(List.of(), List.of()))).contains("textfile"));
    assertEquals(List.of("smart"), names(registry().build(new CollectorsConfig(List.of("smart"), List.of()))));
  }

  @Test
  void disableRemovesAndEnableSelects() {
    List<String> without = names(registry().build(new CollectorsConfig(List.of(), List.of("pressure", "processes"))));
    assertTrue(!without.contains("pressure") && !without.contains("processes") && without.contains("cpu"));
    assertEquals(List.of("cpu", "meminfo"), names(registry().build(new CollectorsConfig(List.of("meminfo", "cpu"), List.of()))));
  }

  @Test
  void addedCollectorsAreKnownAndOptionallyOffByDefault() {
    CollectorRegistry r = registry().with(new CollectorRegistry.Factory("extra", false, () -> new ScrapeEngineTest.Fake("extra")));
    assertTrue(r.knownNames().contains("extra"));
    assertTrue(!names(r.build(new CollectorsConfig(List.of(), List.of()))).contains("extra"));
    assertEquals(List.of("extra"), names(r.build(new CollectorsConfig(List.of("extra"), List.of()))));
  }

  @Test
  void everyFactoryMakesACollectorOfItsOwnName() {
    HostRoots notLinux = new HostRoots(java.nio.file.Path.of("/nonexistent/proc"), roots.sysfs(), roots.rootfs());
    for (HostRoots r : List.of(roots, notLinux)) {
      CollectorRegistry registry = CollectorRegistry.builtIn(TestConfigs.exporter(r), r, FixtureExporter.BUILD,
          FixtureExporter.CLOCK, FixtureExporter.FAKE_STATFS);
      for (CollectorRegistry.Factory f : registry.factories()) {
        assertEquals(f.name(), f.create().get().name(), "factory " + f.name() + " on " + r.procfs());
      }
    }
  }

  @Test
  void theSameNamesAreKnownOnEveryPlatformButLinuxOnesRunOnlyOnLinux() {
    HostRoots notLinux = new HostRoots(java.nio.file.Path.of("/nonexistent/proc"), roots.sysfs(), roots.rootfs());
    CollectorRegistry elsewhere = CollectorRegistry.builtIn(TestConfigs.exporter(notLinux), notLinux,
        FixtureExporter.BUILD, FixtureExporter.CLOCK, FixtureExporter.FAKE_STATFS);
    assertEquals(registry().knownNames(), elsewhere.knownNames());
    assertTrue(elsewhere.knownNames().contains("diskstats"));
    assertEquals(List.of("cpu"), names(elsewhere.build(new CollectorsConfig(List.of("cpu", "diskstats"), List.of()))));
  }

  @Test
  void unknownNamesAreConfigErrorsWithPathAndLine() {
    LoadedConfig loaded = ConfigLoader.parse("""
        exporter:
          paths: {procfs: %s, sysfs: %s, rootfs: %s}
          collectors:
            disable: [cpu, cpux, pressure]
        """.formatted(roots.procfs(), roots.sysfs(), roots.rootfs()), "test.yml");
    List<ConfigError> errors = ExporterConfigCheck.check(loaded, loaded.config().exporter(), registry());
    assertEquals(1, errors.size(), errors.toString());
    assertEquals("exporter.collectors.disable[1]", errors.get(0).path());
    assertEquals(4, errors.get(0).line());
    assertTrue(errors.get(0).message().contains("unknown collector \"cpux\""), errors.get(0).message());
    assertThrows(IllegalArgumentException.class, () -> registry().build(loaded.config().exporter().collectors()));
  }

  @Test
  void missingRootsAreConfigErrors() {
    LoadedConfig loaded = ConfigLoader.parse("exporter:\n  paths: {procfs: /nonexistent/proc}\n", "test.yml");
    List<ConfigError> errors = ExporterConfigCheck.check(loaded, loaded.config().exporter(), registry());
    assertTrue(errors.stream().anyMatch(e -> e.path().equals("exporter.paths.procfs") && e.line() == 2
        && e.message().contains("/nonexistent/proc")), errors.toString());
  }

  @Test
  void aTextfileDirectoryThatIsAFileOrThatEnableLeavesOutIsAConfigError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("metrics.prom"), "a 1\n");
    LoadedConfig loaded = ConfigLoader.parse("""
        exporter:
          paths: {procfs: %s, sysfs: %s, rootfs: %s}
          collectors:
            enable: [cpu]
          textfile: {directory: %s}
        """.formatted(roots.procfs(), roots.sysfs(), roots.rootfs(), file), "test.yml");
    assertEquals(List.of(
        "exporter.textfile.directory: line 5: a textfile directory is set but exporter.collectors.enable does not list"
            + " textfile; add it there, or remove exporter.textfile.directory",
        "exporter.textfile.directory: line 5: not a directory: " + file
            + " (point it at the directory your scripts write their .prom files to)"),
        ExporterConfigCheck.check(loaded, loaded.config().exporter(), registry()).stream().map(ConfigError::toString).toList());
    LoadedConfig fine = ConfigLoader.parse("""
        exporter:
          paths: {procfs: %s, sysfs: %s, rootfs: %s}
          textfile: {directory: %s}
        """.formatted(roots.procfs(), roots.sysfs(), roots.rootfs(), tmp.resolve("not-yet")), "test.yml");
    assertEquals(List.of(), ExporterConfigCheck.check(fine, fine.config().exporter(), registry()));
  }

  @Test
  void groupsThatAnEnableListKeepsFromRunningAndAMissingKernelLogAreConfigErrors() {
    LoadedConfig loaded = ConfigLoader.parse("""
        exporter:
          paths: {procfs: %s, sysfs: %s, rootfs: %s, kmsg: /nonexistent/kmsg}
          collectors:
            enable: [cpu, kmsg]
          process_groups:
            - {name: web, match: nginx}
        """.formatted(roots.procfs(), roots.sysfs(), roots.rootfs()), "test.yml");
    List<String> errors = ExporterConfigCheck.check(loaded, loaded.config().exporter(), registry()).stream()
        .map(ConfigError::toString).toList();
    assertEquals(List.of(
        "exporter.process_groups: line 5: process groups are configured but exporter.collectors.enable does not list"
            + " processgroups; add it there, or remove process_groups",
        "exporter.paths.kmsg: line 2: does not exist: /nonexistent/kmsg (the kmsg collector reads the kernel log there;"
            + " set the path or remove kmsg from collectors.enable)"), errors);
    LoadedConfig fine = ConfigLoader.parse("""
        exporter:
          paths: {procfs: %s, sysfs: %s, rootfs: %s}
          process_groups:
            - {name: web, match: nginx}
        """.formatted(roots.procfs(), roots.sysfs(), roots.rootfs()), "test.yml");
    assertEquals(List.of(), ExporterConfigCheck.check(fine, fine.config().exporter(), registry()));
  }
}

package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final UnaryOperator<String> NO_ENV = name -> null;

  static LoadedConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, "test.yml", NO_ENV);
  }

  static List<String> errors(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void emptyDocumentGivesTheEmbeddedDefaults() {
    for (String doc : new String[] {"", "# only a comment\n", "---\n", "~\n"}) {
      HostkeeperConfig c = parse(doc).config();
      assertEquals(new HostPort("0.0.0.0", 29100), c.exporter().listen());
      assertEquals(Duration.ofSeconds(1), c.exporter().maxStaleness());
      assertEquals(Path.of("/proc"), c.exporter().paths().procfs());
      assertEquals(new Threshold(80.0, 95.0), c.exporter().thresholds().cpu());
      assertEquals(new Threshold(50.0, null), c.exporter().thresholds().swap());
      assertTrue(c.exporter().filesystems().fsTypesExclude().matcher("tmpfs").find() == false);
      assertTrue(c.exporter().filesystems().mountPointsExclude().matcher("/proc/sys").find());
      assertNull(c.worker().dataDir());
      assertEquals(new HostPort("127.0.0.1", 29102), c.worker().admin().listen());
      assertEquals(Duration.ofDays(90), c.worker().historyRetention());
      assertTrue(c.services().isEmpty() && c.backups().isEmpty() && c.logs().isEmpty() && c.databases().isEmpty());
    }
  }

  @Test
  void theDesignSketchBinds() {
    String yaml = """
        exporter:
          listen: 0.0.0.0:29100
          paths: {procfs: /proc, sysfs: /sys, rootfs: /}
          collectors: {disable: [pressure]}
          max_staleness: 1s
          thresholds: {cpu: {warning: 80, critical: 95}, memory: {warning: 80, critical: 90},
                       disk: {warning: 80, critical: 90}, temperature: {warning: 70, critical: 80}, swap: {warning: 50}}
        services:
          - name: web
            check: {http: {url: "http://127.0.0.1:8080/health", timeout: 2s, expect_status: "200-299"}}
            restart: {command: ["systemctl", "restart", "web"], after_failures: 2, grace: 30s,
                      backoff: {initial: 10s, factor: 2, max: 5m}, max_restarts: 3, window: 15m, reset_after: 30m}
          - name: db
            check: {tcp: {address: "127.0.0.1:5432", timeout: 1s}}
          - name: logger
            check: {systemd: {unit: logger.service}}
          - name: miner
            check: {process: {match: "bitaxe-autopilot", min: 1}}
        worker:
          data_dir: /var/lib/hostkeeper
          metrics_listen: 0.0.0.0:29101
          admin: {listen: 127.0.0.1:29102, token_file: /etc/hostkeeper/admin.token}
        backups:
          - name: app
            schedule: "0 2 * * *"
            sources: [{path: /opt/app/config, exclude: ["*.tmp"]}, {sqlite: /opt/app/data.db}]
            recipients: [/etc/hostkeeper/backup-key.asc]
            destination: /var/backups/hostkeeper
            compression: zstd
            retention: {keep_last: 3, keep_daily: 7, keep_weekly: 4, keep_monthly: 12}
        logs:
          - path: "/var/log/app/*.log"
            schedule: "@daily"
            size: 100MiB
            keep: 14
            compress: true
            mode: rename
            post_rotate: ["systemctl", "kill", "-s", "HUP", "app"]
        databases:
          - path: /opt/app/data.db
            schedule: "@weekly"
            steps: [integrity_check, vacuum, optimize]
        """;
    LoadedConfig loaded = parse(yaml);
    HostkeeperConfig c = loaded.config();
    assertEquals(List.of("pressure"), c.exporter().collectors().disable());
    assertEquals(4, c.services().size());
    ServiceConfig web = c.services().get(0);
    assertEquals("http", web.check().kind());
    assertEquals(new StatusRange(200, 299), web.check().http().expectStatus());
    assertEquals(Duration.ofMinutes(5), web.restart().backoff().max());
    assertEquals(0.1, web.restart().backoff().jitter());
    assertNull(c.services().get(1).restart());
    assertEquals(new HostPort("127.0.0.1", 5432), c.services().get(1).check().tcp().address());
    assertEquals("bitaxe-autopilot", c.services().get(3).check().process().match().pattern());
    assertEquals(Path.of("/etc/hostkeeper/admin.token"), c.worker().admin().tokenFile());
    BackupConfig app = c.backups().get(0);
    assertEquals("0 0 2 * * ?", app.schedule().quartzCron());
    assertEquals(Path.of("/opt/app/data.db"), app.sources().get(1).sqlite());
    assertEquals(BackupConfig.Compression.ZSTD, app.compression());
    assertEquals(12, app.retention().keepMonthly());
    assertNull(app.retention().keepYearly());
    assertEquals(100L << 20, c.logs().get(0).size().bytes());
    assertEquals(LogConfig.Mode.RENAME, c.logs().get(0).mode());
    assertEquals(List.of(DatabaseConfig.SqliteStep.INTEGRITY_CHECK, DatabaseConfig.SqliteStep.VACUUM, DatabaseConfig.SqliteStep.OPTIMIZE),
        c.databases().get(0).steps());

    assertEquals(1, loaded.lineOf("exporter"));
    assertEquals(5, loaded.lineOf("exporter.max_staleness"));
    assertEquals(9, loaded.lineOf("services[0]"));
    assertEquals(11, loaded.lineOf("services[0].restart.command"));
    assertEquals(27, loaded.lineOf("backups[0].recipients[0]"));
    assertEquals(26, loaded.lineOf("backups[0].sources[1].sqlite"));
    assertEquals(-1, loaded.lineOf("backups[0].compression_level"));
    assertEquals(-1, loaded.lineOf("exporter.scrape_timeout"));
    assertEquals("backups[0].recipients[0]: line 27: file not found: /x",
        loaded.errorAt("backups[0].recipients[0]", "file not found: /x").toString());
  }

  @Test
  void theMessagesNameThePathAndLine() {
    assertEquals(List.of("exporter.max_staleness: line 3: expected a duration such as 90s, 15m or 2h, got \"fast\""),
        errors("exporter:\n  listen: :29100\n  max_staleness: fast\n"));
    assertEquals(List.of("exporter.max_stalenes: line 3: unknown key; did you mean max_staleness?"),
        errors("exporter:\n  listen: :29100\n  max_stalenes: 2s\n"));
    assertEquals(List.of("exporter.maxStaleness: line 2: unknown key; did you mean max_staleness?"),
        errors("exporter:\n  maxStaleness: 2s\n"));
  }

  @Test
  void aScheduleOfTheWrongShapeAndAnUnknownScheduleGetTheSameText() {
    List<String> errors = errors("""
        logs:
          - path: /var/log/a.log
            schedule: {at: 2}
          - path: /var/log/b.log
            schedule: tomorrow
        """);
    assertTrue(errors.contains("logs[0].schedule: line 3: " + Schedule.EXPECTED + ", got a mapping"), errors.toString());
    assertTrue(errors.contains("logs[1].schedule: line 5: " + Schedule.EXPECTED + ", got \"tomorrow\""), errors.toString());
  }

  @Test
  void allErrorsAreCollectedAndSortedByLine() {
    String yaml = """
        worker:
          history_retention: forever
        exporter:
          listen: nowhere
          scrape_timeout: 10
          thresholds:
            cpu: {warning: 99, critical: 90}
        services:
          - name: a
            check: {tcp: {address: "x:1"}, http: {url: "http://h"}}
          - check: {systemd: {unit: u}}
        """;
    assertEquals(List.of(
        "worker.history_retention: line 2: expected a duration such as 90s, 15m or 2h, got \"forever\"",
        "exporter.listen: line 4: expected host:port, e.g. 127.0.0.1:29100, got \"nowhere\"",
        "exporter.scrape_timeout: line 5: expected a duration such as 90s, 15m or 2h, got \"10\"",
        "exporter.thresholds.cpu: line 7: warning (99.0) must not exceed critical (90.0)",
        "services[0].check: line 10: give exactly one of http, tcp, systemd, process, dns, command (found 2)",
        "services[1].name: line 11: required key is missing"), errors(yaml));
  }

  @Test
  void aViolationWithAKeyPointsAtThatKey() {
    assertEquals(List.of("exporter.collectors: line 2: give either enable or disable, not both"),
        errors("exporter:\n  collectors:\n    enable: [cpu]\n    disable: [pressure]\n"));
    assertEquals(List.of("services[0].restart.backoff.factor: line 6: must be at least 1"),
        errors("services:\n  - name: a\n    check: {systemd: {unit: a}}\n    restart:\n      backoff:\n        factor: 0.5\n"));
    assertEquals(List.of("databases[0].delete_older_than: line 2: the delete_older_than step needs at least one {table, column, age} entry"),
        errors("databases:\n  - path: /x.db\n    steps: [delete_older_than]\n"));
  }

  @Test
  void scalarsAreBoundByTargetType() {
    assertEquals(List.of("logs[0].compress: line 3: expected true or false, got \"yes\""),
        errors("logs:\n  - path: /x.log\n    compress: yes\n"));
    assertEquals(List.of("logs[0].keep: line 3: number out of range -2147483648 to 2147483647, got \"99999999999\""),
        errors("logs:\n  - path: /x.log\n    keep: 99999999999\n"));
    assertEquals(List.of("logs[0].keep: line 3: expected a whole number, got \"1.5\""),
        errors("logs:\n  - path: /x.log\n    keep: 1.5\n"));
    assertEquals(List.of("logs[0].mode: line 3: expected one of rename, copytruncate, got \"move\""),
        errors("logs:\n  - path: /x.log\n    mode: move\n"));
    assertEquals(LogConfig.Mode.COPYTRUNCATE, parse("logs:\n  - path: /x.log\n    mode: CopyTruncate\n").config().logs().get(0).mode());
    assertEquals(List.of("logs[0].size: line 3: unknown size unit \"XB\" in \"10XB\" (use B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)"),
        errors("logs:\n  - path: /x.log\n    size: 10XB\n"));
    assertEquals(List.of("logs[0].compress: line 3: expected true or false, got a list"),
        errors("logs:\n  - path: /x.log\n    compress: [true]\n"));
    assertEquals(List.of("backups[0].time_zone: line 7: unknown time zone \"Mars/Base\"; use a region such as Europe/Berlin, or UTC"),
        errors("backups:\n  - name: a\n    schedule: '@daily'\n    sources: [{path: /a}]\n    recipients: [/k.asc]\n    destination: /b\n    time_zone: Mars/Base\n"));
    assertEquals(List.of("services[0].check.process.match: line 3: invalid regular expression \"a(b\": Unclosed group at position 3"),
        errors("services:\n  - name: a\n    check: {process: {match: \"a(b\"}}\n"));
    // Booleans also accept other capitalisation; a string target takes any scalar as text
    assertFalse(parse("logs:\n  - path: /x.log\n    compress: False\n    name: 123\n").config().logs().get(0).compress());
    assertEquals("123", parse("logs:\n  - path: /x.log\n    name: 123\n").config().logs().get(0).name());
  }

  @Test
  void durationForms() {
    String yaml = "exporter:\n  max_staleness: %s\n";
    assertEquals(Duration.ofMillis(500), parse(yaml.formatted("500ms")).config().exporter().maxStaleness());
    assertEquals(Duration.ofMinutes(90), parse(yaml.formatted("1h30m")).config().exporter().maxStaleness());
    assertEquals(Duration.ZERO, parse(yaml.formatted("0s")).config().exporter().maxStaleness());
    assertEquals(Duration.ofDays(7), parse(yaml.formatted("7d")).config().exporter().maxStaleness());
  }

  @Test
  void emptyValuesMeanAbsent() {
    HostkeeperConfig c = parse("exporter:\n  max_staleness:\n  paths:\nservices:\n  - name: a\n    check: {systemd: {unit: a}}\n    restart:\n").config();
    assertEquals(Duration.ofSeconds(1), c.exporter().maxStaleness());
    assertEquals(Path.of("/sys"), c.exporter().paths().sysfs());
    assertEquals(2, c.services().get(0).restart().afterFailures(), "an empty restart: means restart with the defaults");
    assertEquals(List.of("services[0].name: line 2: a value is required; give a text value"),
        errors("services:\n  - name:\n    check: {systemd: {unit: a}}\n"));
    assertEquals(List.of("services[0]: line 2: empty list item; remove the \"-\" or give a value"), errors("services:\n  -\n"));
  }

  @Test
  void duplicateKeysAreErrorsWithBothLines() {
    assertEquals(List.of("exporter.listen: line 3: duplicate key (first given on line 2)"),
        errors("exporter:\n  listen: :1\n  listen: :2\n"));
  }

  @Test
  void mergeKeysLetEntriesShareSettings() {
    String yaml = """
        services:
          - name: a
            check: {systemd: {unit: a}}
            restart: &policy {after_failures: 4, grace: 1m}
          - name: b
            check: {systemd: {unit: b}}
            restart:
              <<: *policy
              grace: 2m
        """;
    HostkeeperConfig c = parse(yaml).config();
    assertEquals(4, c.services().get(1).restart().afterFailures());
    assertEquals(Duration.ofMinutes(2), c.services().get(1).restart().grace());
  }

  @Test
  void environmentReferencesAreInterpolatedAndSecretsNeverShown() {
    Map<String, String> env = Map.of("ADMIN_TOKEN", "s3cr3t-value", "PORT", "29999");
    HostkeeperConfig c = ConfigLoader.parse("worker:\n  admin:\n    token: ${env:ADMIN_TOKEN}\n    listen: 127.0.0.1:${env:PORT}\n",
        "t", env::get).config();
    assertEquals("s3cr3t-value", c.worker().admin().token().reveal());
    assertEquals(29999, c.worker().admin().listen().port());
    assertFalse(c.toString().contains("s3cr3t"));
    assertEquals("a ${env:X} b", ConfigLoader.parse("services:\n  - name: a\n    check: {dns: {name: 'a $${env:X} b'}}\n", "t", env::get)
        .config().services().get(0).check().dns().name());

    assertEquals(List.of("worker.admin.token: line 3: environment variable MISSING_TOKEN is not set (referenced as ${env:MISSING_TOKEN})"),
        errors("worker:\n  admin:\n    token: ${env:MISSING_TOKEN}\n"));
    assertEquals(List.of("worker.admin.token: line 3: malformed environment reference; write ${env:NAME} with NAME of letters, digits and '_'"),
        errors("worker:\n  admin:\n    token: ${env:a-b}\n"));
    ConfigException both = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
        "worker:\n  admin:\n    token: ${env:ADMIN_TOKEN}\n    token_file: /t\n", "t", env::get));
    assertFalse(both.getMessage().contains("s3cr3t"));
    assertEquals("worker.admin: line 2: give either token_file or token, not both", both.errors().get(0).toString());
    ConfigException misplaced = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
        "exporter:\n  listen: ${env:ADMIN_TOKEN}\n", "t", env::get));
    assertEquals("exporter.listen: line 2: expected host:port, e.g. 127.0.0.1:29100, got the value of \"${env:ADMIN_TOKEN}\" (not shown)",
        misplaced.errors().get(0).toString());
  }

  @Test
  void syntaxErrorsHaveALine() {
    List<String> e = errors("exporter:\n  listen: :1\n bad: [\n");
    assertEquals(1, e.size());
    assertTrue(e.get(0).startsWith("line 3: YAML syntax error at column"), e.get(0));
    assertEquals(List.of("line 1: not a hostkeeper configuration: its top level is a list, not a mapping of sections (exporter:,"
        + " services:, worker:, backups:, logs:, databases:, commands:, cleanup:); is this the right file? (its content is not shown)"), errors("- a\n- b\n"));
  }

  @Test
  void searchOrder(@TempDir Path dir) throws Exception {
    Path explicit = Files.writeString(dir.resolve("explicit.yml"), "exporter: {listen: ':1'}\n");
    Path fromEnv = Files.writeString(dir.resolve("env.yml"), "exporter: {listen: ':2'}\n");
    Path local = Files.writeString(dir.resolve("local.yml"), "exporter: {listen: ':3'}\n");
    Path etc = Files.writeString(dir.resolve("etc.yml"), "exporter: {listen: ':4'}\n");
    Path missing = dir.resolve("missing.yml");
    UnaryOperator<String> env = n -> n.equals("HOSTKEEPER_CONFIG") ? fromEnv.toString() : null;

    assertEquals(1, ConfigLoader.load(Optional.of(explicit), env, List.of(local, etc)).config().exporter().listen().port());
    LoadedConfig viaEnv = ConfigLoader.load(Optional.empty(), env, List.of(local, etc));
    assertEquals(2, viaEnv.config().exporter().listen().port());
    assertEquals(fromEnv.toString(), viaEnv.source());
    assertEquals(3, ConfigLoader.load(Optional.empty(), NO_ENV, List.of(local, etc)).config().exporter().listen().port());
    assertEquals(4, ConfigLoader.load(Optional.empty(), NO_ENV, List.of(missing, etc)).config().exporter().listen().port());
    LoadedConfig defaults = ConfigLoader.load(Optional.empty(), NO_ENV, List.of(missing));
    assertEquals(ConfigLoader.EMBEDDED_DEFAULTS, defaults.source());
    assertEquals(29100, defaults.config().exporter().listen().port());

    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(missing), NO_ENV, List.of(etc)));
    assertEquals(List.of(new ConfigError("", -1, "config file " + missing + " does not exist")), e.errors());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), n -> missing.toString(), List.of(etc)));
    assertEquals("config file from $HOSTKEEPER_CONFIG " + missing + " does not exist", e.getMessage());
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(dir), NO_ENV, List.of()));
    assertEquals("config file " + dir + " is a directory; give the path of a YAML file", e.getMessage());
    Path binary = Files.write(dir.resolve("bin.yml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00});
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(binary), NO_ENV, List.of()));
    assertEquals("config file " + binary + " is not UTF-8 text", e.getMessage());
  }

  @Test
  void devZeroIsRefusedWithoutReadingIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(Path.of("/dev/zero")), NO_ENV, List.of()));
    assertEquals("config file /dev/zero is a FIFO, socket or device, not a regular file; give the path of a YAML file", e.getMessage());
  }

  @Test
  void aFifoAsConfigIsRefusedWithoutHanging(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("config.yml");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo not available");
    ConfigException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(fifo), NO_ENV, List.of())));
    assertEquals("config file " + fifo + " is a FIFO, socket or device, not a regular file; give the path of a YAML file", e.getMessage());
  }

  @Test
  void aFileAboveTheLimitIsRefusedNamingTheLimit(@TempDir Path dir) throws Exception {
    Path big = Files.write(dir.resolve("big.yml"), new byte[ConfigLoader.MAX_BYTES + 1]);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(big), NO_ENV, List.of()));
    assertEquals("config file " + big + " is too large (2097153 bytes; at most 2097152 bytes): give the path of a hostkeeper YAML file",
        e.getMessage());
  }

  @Test
  void aLinkToTheConfigIsFollowed(@TempDir Path dir) throws Exception {
    Path real = Files.writeString(dir.resolve("real.yml"), "exporter: {listen: ':7'}\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.yml"), real);
    assertEquals(7, ConfigLoader.load(Optional.of(link), NO_ENV, List.of()).config().exporter().listen().port());
  }

  @Test
  void workerDataDirResolvesAtRunTime() {
    WorkerConfig absent = parse("").config().worker();
    Path home = Path.of("/home/u");
    assertEquals(Path.of("/home/u/.local/state/hostkeeper"), WorkerPaths.dataDir(absent, NO_ENV, home));
    assertEquals(Path.of("/var/lib/hostkeeper"),
        WorkerPaths.dataDir(absent, n -> n.equals("STATE_DIRECTORY") ? "/var/lib/hostkeeper:/var/lib/other" : null, home));
    assertEquals(Path.of("/x/state/hostkeeper"), WorkerPaths.dataDir(absent, n -> n.equals("XDG_STATE_HOME") ? "/x/state" : null, home));
    WorkerConfig set = parse("worker: {data_dir: /srv/hk}").config().worker();
    assertEquals(Path.of("/srv/hk"), WorkerPaths.dataDir(set, n -> "/ignored", home));
  }

  @Test
  void hostileDocumentsEndInACleanError() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'z'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) bomb.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
      bomb.append("]\n");
    }
    List<String> e = errors(bomb.toString());
    assertEquals(1, e.size(), e.toString());
    assertTrue(e.get(0).contains("aliases"), e.get(0));

    String deep = "exporter: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    e = errors(deep);
    assertTrue(e.get(0).contains("Nesting Depth exceeded") || e.get(0).contains("nest"), e.get(0));

    String huge = "exporter:\n  max_staleness: " + "9".repeat(5_000_000) + "s\n";
    e = errors(huge);
    assertEquals("the document is too large (more than 2097152 characters)", e.get(0));

    e = errors("exporter: &e\n  paths: *e\n");
    assertTrue(e.get(0).startsWith("exporter.paths.paths: line 2: unknown key"), e.get(0));
  }

  @Test
  void aliasesThatMultiplyWorkStopAtTheValueBudget() {
    // 18 collection aliases (under the limit of 50) expand 81 times a list of 20,000 scalars.
    String strings = "[" + "x, ".repeat(20_000) + "x]";
    String yaml = "src: &src {path: /a, include: " + strings + "}\n"
        + "bk: &bk {name: a, schedule: '@daily', recipients: [/k], destination: /d, sources: [" + "*src, ".repeat(8) + "*src]}\n";
    yaml = "backups: [" + "*bk, ".repeat(8) + "*bk]\n" + yaml;
    // put the anchors first: YAML needs an anchor before its alias
    yaml = yaml.substring(yaml.indexOf('\n') + 1) + yaml.substring(0, yaml.indexOf('\n') + 1);
    List<String> e = errors(yaml);
    assertTrue(e.stream().anyMatch(m -> m.contains("more than 100000 values once aliases are expanded")), e.toString());
  }
}

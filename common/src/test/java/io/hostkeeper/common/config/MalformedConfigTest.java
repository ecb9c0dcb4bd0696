package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The corpus of malformed documents: each gives exactly these messages, with path and line. */
class MalformedConfigTest {
  static Stream<Arguments> corpus() {
    return Stream.of(
        doc("bad duration", "exporter:\n  listen: :29100\n  max_staleness: fast\n",
            "exporter.max_staleness: line 3: expected a duration such as 90s, 15m or 2h, got \"fast\""),
        doc("typo with hint", "exporter:\n  listen: :29100\n  max_stalenes: 2s\n",
            "exporter.max_stalenes: line 3: unknown key; did you mean max_staleness?"),
        doc("unknown section lists allowed keys", "exporters:\n  listen: :1\n",
            "exporters: line 1: unknown key; did you mean exporter?"),
        doc("unknown key far from any", "worker:\n  colour: blue\n",
            "worker.colour: line 2: unknown key; allowed keys here: data_dir, metrics_listen, admin, history_retention, time_zone, web_config_file"),
        doc("port out of range", "exporter:\n  listen: 0.0.0.0:70000\n",
            "exporter.listen: line 2: port must be 0-65535, got 70000"),
        doc("port not a number", "worker:\n  metrics_listen: localhost:http\n",
            "worker.metrics_listen: line 2: port must be a number 0-65535, got \"http\""),
        doc("unbracketed IPv6", "worker:\n  admin:\n    listen: ::1:29102\n",
            "worker.admin.listen: line 3: write IPv6 addresses in brackets, e.g. [::1]:29100, got \"::1:29102\""),
        doc("boolean as yes", "logs:\n  - path: /var/log/a.log\n    compress: yes\n",
            "logs[0].compress: line 3: expected true or false, got \"yes\""),
        doc("integer overflow", "databases:\n  - path: /a.db\n    delete_older_than: [{table: t, column: c, age: 1d, batch_size: 3000000000}]\n    steps: [delete_older_than]\n",
            "databases[0].delete_older_than[0].batch_size: line 3: number out of range -2147483648 to 2147483647, got \"3000000000\""),
        doc("bad size", "logs:\n  - path: /var/log/a.log\n    size: lots\n",
            "logs[0].size: line 3: expected a size such as 100MiB, 1GB or 4096, got \"lots\""),
        doc("bad enum", "backups:\n  - name: a\n    schedule: '@daily'\n    sources: [{path: /a}]\n    recipients: [/k.asc]\n    destination: /d\n    compression: lz4\n",
            "backups[0].compression: line 7: expected one of zstd, gzip, none, got \"lz4\""),
        doc("bad cron", "backups:\n  - name: a\n    schedule: 0 25 * * *\n    sources: [{path: /a}]\n    recipients: [/k.asc]\n    destination: /d\n",
            "backups[0].schedule: line 3: invalid cron \"0 25 * * *\": Hour values must be between 0 and 23"),
        doc("cron restricting both day fields", "databases:\n  - path: /a.db\n    schedule: 0 3 1 * 1\n",
            "databases[0].schedule: line 3: a 5-field cron cannot restrict both day-of-month (1) and day-of-week (1); in standard cron that means either day, which is ambiguous: set one of them to *"),
        doc("missing required keys", "backups:\n  - name: a\n    schedule: '@daily'\n",
            "backups[0].sources: line 2: required key is missing",
            "backups[0].recipients: line 2: required key is missing",
            "backups[0].destination: line 2: required key is missing"),
        doc("empty list where one is needed", "backups:\n  - name: a\n    schedule: '@daily'\n    sources: []\n    recipients: [/k.asc]\n    destination: /d\n",
            "backups[0].sources: line 4: must list at least one source"),
        doc("source with both kinds", "backups:\n  - name: a\n    schedule: '@daily'\n    sources:\n      - {path: /a, sqlite: /b.db}\n    recipients: [/k.asc]\n    destination: /d\n",
            "backups[0].sources[0]: line 5: give exactly one of path or sqlite"),
        doc("service without a check", "services:\n  - name: web\n",
            "services[0].check: line 2: required key is missing"),
        doc("two checks", "services:\n  - name: web\n    check:\n      tcp: {address: '127.0.0.1:80'}\n      systemd: {unit: web}\n",
            "services[0].check: line 3: give exactly one of http, tcp, systemd, process, dns, command (found 2)"),
        doc("bad service name", "services:\n  - name: my web\n    check: {systemd: {unit: web}}\n",
            "services[0].name: line 2: must be 1-64 characters of letters, digits, '_', '.', ':' or '-'"),
        doc("scalar where a mapping belongs", "exporter: fast\n",
            "exporter: line 1: expected a mapping (\"key: value\" lines or {key: value}), got \"fast\""),
        doc("mapping where a list belongs", "services:\n  name: web\n",
            "services: line 1: expected a list (\"- item\" lines or [a, b]), got a mapping"),
        doc("list where a scalar belongs", "exporter:\n  scrape_timeout: [1s, 2s]\n",
            "exporter.scrape_timeout: line 2: expected a duration such as 90s, 15m or 2h, got a list"),
        doc("duplicate key", "worker:\n  data_dir: /a\n  metrics_listen: :1\n  data_dir: /b\n",
            "worker.data_dir: line 4: duplicate key (first given on line 2)"),
        doc("threshold order", "exporter:\n  thresholds:\n    disk: {warning: 95, critical: 90}\n",
            "exporter.thresholds.disk: line 3: warning (95.0) must not exceed critical (90.0)"),
        doc("negative keep", "logs:\n  - path: /var/log/a.log\n    keep: -1\n",
            "logs[0].keep: line 3: must not be negative"),
        doc("backoff factor below 1", "services:\n  - name: a\n    check: {systemd: {unit: a}}\n    restart: {backoff: {factor: 0.5}}\n",
            "services[0].restart.backoff.factor: line 4: must be at least 1"),
        doc("watchdog interval below the floor", "services:\n  - name: a\n    check: {systemd: {unit: a}}\n    restart: {interval: 200ms}\n",
            "services[0].restart.interval: line 4: must be at least 1s, got 200ms"),
        doc("unset environment variable", "worker:\n  admin:\n    token: ${env:HK_TEST_SURELY_UNSET}\n",
            "worker.admin.token: line 3: environment variable HK_TEST_SURELY_UNSET is not set (referenced as ${env:HK_TEST_SURELY_UNSET})"),
        doc("inline admin token", "worker:\n  admin:\n    token: s3cr3t-t0ken\n",
            "worker.admin.token: line 3: a secret is never written inline in the file (it is shared, copied and backed up):"
                + " write ${env:NAME} here, or put it in a file readable only by the service and set token_file instead"),
        doc("inline admin token with an environment part", "worker:\n  admin:\n    token: abc${env:X}\n",
            "worker.admin.token: line 3: a secret is never written inline in the file (it is shared, copied and backed up):"
                + " write ${env:NAME} here, or put it in a file readable only by the service and set token_file instead"),
        doc("@every below the floor", "logs:\n  - path: /var/log/a.log\n    schedule: '@every 1ms'\n",
            "logs[0].schedule: line 3: @every needs an interval of at least 1s (a job is not meant to start many times a second), got \"@every 1ms\""),
        doc("cron that never fires", "databases:\n  - path: /a.db\n    schedule: 0 3 30 2 *\n",
            "databases[0].schedule: line 3: the schedule \"0 3 30 2 *\" never fires (a date that does not exist, such as February 30th,"
                + " or a year that is past); fix it, or write disabled"),
        doc("Quartz cron in a past year", "backups:\n  - name: a\n    schedule: 0 0 2 1 1 ? 2001\n    sources: [{path: /a}]\n    recipients: [/k.asc]\n    destination: /d\n",
            "backups[0].schedule: line 3: the schedule \"0 0 2 1 1 ? 2001\" never fires (a date that does not exist, such as February 30th,"
                + " or a year that is past); fix it, or write disabled"),
        doc("duration with a long unit name", "worker:\n  history_retention: 10 days\n",
            "worker.history_retention: line 2: expected a duration such as 90s, 15m or 2h, got \"10 days\"; unit names are written as symbols: 10d (ms, s, m, h, d)"),
        doc("size with a long unit name", "logs:\n  - path: /var/log/a.log\n    size: 10 megabytes\n",
            "logs[0].size: line 3: unknown size unit \"megabytes\" in \"10 megabytes\" (use B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)"),
        doc("size with two spaces", "logs:\n  - path: /var/log/a.log\n    size: 10  MB\n",
            "logs[0].size: line 3: expected a size such as 100MiB, 1GB or 4096, got \"10  MB\""),
        doc("top level is a list (content not shown)", "- root:x:0:0:root:/root:/bin/bash\n- daemon:x:1:1::/usr/sbin\n",
            "line 1: not a hostkeeper configuration: its top level is a list, not a mapping of sections (exporter:, services:, worker:,"
                + " backups:, logs:, databases:, commands:, cleanup:); is this the right file? (its content is not shown)"),
        doc("shadow lines (content not shown)", "root:$6$abcdefgh$Zm9vYmFy:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
            "line 1: not a hostkeeper configuration: none of its top-level keys is a hostkeeper section (exporter:, services:, worker:,"
                + " backups:, logs:, databases:, commands:, cleanup:); is this the right file? (its content is not shown)"),
        doc("plain text (content not shown)", "The quick brown fox\njumps over the lazy dog\n",
            "line 1: not a hostkeeper configuration: its top level is a text, not a mapping of sections (exporter:, services:, worker:,"
                + " backups:, logs:, databases:, commands:, cleanup:); is this the right file? (its content is not shown)"),
        doc("key-value file with no section (keys not shown)", "password: hunter2\napi_key: abc\n",
            "line 1: not a hostkeeper configuration: none of its top-level keys is a hostkeeper section (exporter:, services:, worker:,"
                + " backups:, logs:, databases:, commands:, cleanup:); is this the right file? (its content is not shown)"),
        doc("undefined alias (name not shown)", "exporter: *hunter2\n",
            "line 1: YAML syntax error at column 11: found undefined alias (not shown)"),
        doc("invalid regex", "exporter:\n  filesystems:\n    fs_types_exclude: '^(tmpfs'\n",
            "exporter.filesystems.fs_types_exclude: line 3: invalid regular expression \"^(tmpfs\": Unclosed group at position 7"),
        doc("unknown time zone", "worker:\n  time_zone: Berlin\n",
            "worker.time_zone: line 2: unknown time zone \"Berlin\"; use a region such as Europe/Berlin, or UTC"),
        doc("bad octal mode", "logs:\n  - path: /var/log/a.log\n    create: {mode: '0999'}\n",
            "logs[0].create.mode: line 3: must be an octal mode such as \"0640\""),
        doc("bad status range", "services:\n  - name: a\n    check: {http: {url: 'http://x', expect_status: 200-700}}\n",
            "services[0].check.http.expect_status: line 3: status range must lie within 100-599, got 200-700"),
        doc("bad SQL identifier", "databases:\n  - path: /a.db\n    steps: [delete_older_than]\n    delete_older_than: [{table: 'x; drop', column: c, age: 1d}]\n",
            "databases[0].delete_older_than[0].table: line 4: must be a plain SQL identifier"),
        doc("YAML syntax error", "exporter:\n  listen: :1\n  paths: {procfs: /proc\n",
            "line 4: YAML syntax error at column 1: expected ',' or '}', but got <stream end> (while parsing a flow mapping)"),
        doc("tab indentation", "exporter:\n\tlisten: :1\n",
            "line 2: YAML syntax error at column 1: found character a tab that cannot start any token. (Do not use tabs for indentation) (while scanning for the next token)"),
        doc("two services with one name", "services:\n  - {name: web, check: {systemd: {unit: a}}}\n  - name: web\n    check: {systemd: {unit: b}}\n",
            "services[1].name: line 3: name \"web\" is already used by services[0]; names must be unique"),
        doc("several errors at once, sorted by line",
            "logs:\n  - path: /a\n    keep: many\nexporter:\n  listen: nowhere\nworker:\n  history_retention: 1 week\n",
            "logs[0].keep: line 3: expected a whole number, got \"many\"",
            "exporter.listen: line 5: expected host:port, e.g. 127.0.0.1:29100, got \"nowhere\"",
            "worker.history_retention: line 7: expected a duration such as 90s, 15m or 2h, got \"1 week\"; unit names are written as symbols: 7d (ms, s, m, h, d)"));
  }

  static Arguments doc(String name, String yaml, String... expected) {
    return Arguments.of(name, yaml, List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void givesTheExpectedMessages(String name, String yaml, List<String> expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "corpus", n -> null));
    assertEquals(expected, e.errors().stream().map(ConfigError::toString).toList());
  }
}

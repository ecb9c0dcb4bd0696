package io.hostkeeper.common.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated documents from a fixed seed: each must end in a valid config or a ConfigException with
 * located, non-empty messages; never another exception, never a hang (one overall timeout), and
 * never an error that shows a value taken from the environment.
 */
class ConfigFuzzTest {
  static final long SEED = 20261121L;
  static final int DOCUMENTS = 3000;
  static final String SECRET = "TOPSECRET-7f3a";
  static final Map<String, String> ENV = Map.of("HK_TOKEN", SECRET, "HK_PORT", "29105");

  static final String[] SWAPS = {
      "[]", "{}", "~", "", "true", "no", "-1", "0", "99999999999999999999999", "1.5", "1e400", "\"\"", "''",
      "&x value", "*x", "*undefined", "!!binary AAAA", "!!python/object:os.system [ls]", "[[[[", "{a: *a}",
      "[a, b, {c: d}]", "{listen: ':1'}", "\"\\u0000\"", "'${env:HK_TOKEN}'", "${env:HK_PORT}", "${env:NOPE}",
      "${env:", "@daily", "\"* * * * *\"", "disabled", "0 0 0 ? * MON#9", "1h30m", "100MiB", "2xx", "[::1]:0",
      "'(((((((((('", "\"\\x80\\uffff\"", "|\n  block\n  text", ">\n  folded", "? complex\n: key",
      "<<: *nope", "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2001-12-14", "0x1F", "0o17", ".inf", ".nan",
  };

  @Test
  void mutatedDocumentsNeverEscapeAsAnotherExceptionOrHang() {
    List<String> seeds = seeds();
    int[] outcome = new int[2];
    assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
      Random random = new Random(SEED);
      for (int i = 0; i < DOCUMENTS; i++) {
        String doc = mutate(seeds.get(random.nextInt(seeds.size())), random);
        outcome[check(doc, i) ? 0 : 1]++;
      }
    });
    System.out.printf("fuzz: %d documents, %d valid, %d rejected%n", DOCUMENTS, outcome[0], outcome[1]);
    assertTrue(outcome[0] > 50, "too few mutated documents stayed valid: " + outcome[0]);
    assertTrue(outcome[1] > 500, "too few mutated documents were rejected: " + outcome[1]);
  }

  /** @return true if the document was valid */
  private static boolean check(String doc, int index) {
    try {
      LoadedConfig loaded = ConfigLoader.parse(doc, "fuzz", ENV::get);
      assertNotNull(loaded.config());
      loaded.lineOf("services[0].name");
      return true;
    } catch (ConfigException e) {
      assertFalse(e.errors().isEmpty());
      for (ConfigError err : e.errors()) {
        assertFalse(err.message().isBlank());
        assertFalse(err.toString().contains(SECRET), () -> "secret shown in: " + err + "\n--- document " + index + ":\n" + doc);
        assertTrue(err.line() > 0 || err.line() == -1);
      }
      return false;
    } catch (Throwable t) {
      fail("document " + index + " escaped with " + t + "\n---\n" + doc, t);
      return false;
    }
  }

  static List<String> seeds() {
    List<String> seeds = new ArrayList<>();
    try {
      seeds.add(ExampleConfigTest.example());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    seeds.add("""
        exporter:
          listen: 127.0.0.1:${env:HK_PORT}
          collectors: {disable: [pressure]}
          thresholds: {cpu: {warning: 80, critical: 95}, swap: {warning: 50}}
        services:
          - name: web
            check: {http: {url: "http://127.0.0.1:8080/health", timeout: 2s, expect_status: "200-299"}}
            restart: &r {command: ["systemctl", "restart", "web"], after_failures: 2, backoff: {initial: 10s, factor: 2}}
          - name: db
            check: {tcp: {address: "127.0.0.1:5432"}}
            restart:
              <<: *r
              grace: 1m
        worker:
          admin: {token: "${env:HK_TOKEN}"}
        backups:
          - name: app
            schedule: "0 2 * * *"
            sources: [{path: /opt/app, exclude: ["*.tmp"]}, {sqlite: /opt/app/data.db}]
            recipients: [/etc/hostkeeper/backup-key.asc]
            destination: /var/backups/hostkeeper
            retention: {keep_last: 3, keep_daily: 7}
        logs:
          - {path: "/var/log/app/*.log", schedule: "@daily", size: 100MiB, keep: 14}
        databases:
          - {path: /opt/app/data.db, schedule: "@weekly", steps: [integrity_check, vacuum]}
        """);
    seeds.add("");
    seeds.add("worker: {data_dir: /srv, time_zone: UTC, history_retention: 30d}\n");
    return seeds;
  }

  static String mutate(String doc, Random r) {
    String out = doc;
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) out = mutateOnce(out, r);
    return out;
  }

  private static String mutateOnce(String doc, Random r) {
    List<String> lines = new ArrayList<>(Arrays.asList(doc.split("\n", -1)));
    int at = lines.isEmpty() ? 0 : r.nextInt(lines.size());
    switch (r.nextInt(12)) {
      case 0 -> { // delete lines
        int count = 1 + r.nextInt(3);
        for (int k = 0; k < count && !lines.isEmpty() && at < lines.size(); k++) lines.remove(at);
      }
      case 1 -> { // delete a character range
        if (doc.isEmpty()) return doc;
        int from = r.nextInt(doc.length());
        int to = Math.min(doc.length(), from + 1 + r.nextInt(20));
        return doc.substring(0, from) + doc.substring(to);
      }
      case 2, 3 -> { // type swap: replace a value
        String line = lines.isEmpty() ? "" : lines.get(at);
        int colon = line.indexOf(": ");
        String value = SWAPS[r.nextInt(SWAPS.length)];
        if (colon >= 0) lines.set(at, line.substring(0, colon + 2) + value);
        else lines.add(at, "exporter: " + value);
      }
      case 4 -> { // garbage characters
        StringBuilder g = new StringBuilder();
        for (int k = 0; k < 1 + r.nextInt(8); k++) {
          g.append(switch (r.nextInt(6)) {
            case 0 -> (char) r.nextInt(32);
            case 1 -> (char) (0xd800 + r.nextInt(0x800)); // lone surrogates
            case 2 -> (char) (0x80 + r.nextInt(0x80));
            case 3 -> "\uFEFF\uFFFE\uFFFF".charAt(r.nextInt(3));
            case 4 -> "{}[]:,&*!|>'\"%@`#-?".charAt(r.nextInt(19));
            default -> (char) (0x20 + r.nextInt(0x5f));
          });
        }
        int pos = doc.isEmpty() ? 0 : r.nextInt(doc.length());
        return doc.substring(0, pos) + g + doc.substring(pos);
      }
      case 5 -> { // huge value
        String line = lines.isEmpty() ? "" : lines.get(at);
        int colon = line.indexOf(": ");
        String huge = switch (r.nextInt(3)) {
          case 0 -> "9".repeat(10_000 + r.nextInt(50_000));
          case 1 -> "x".repeat(10_000 + r.nextInt(50_000)) + "s";
          default -> "'" + "(".repeat(5_000) + "'";
        };
        if (colon >= 0) lines.set(at, line.substring(0, colon + 2) + huge);
        else lines.add(at, "exporter:\n  max_staleness: " + huge);
      }
      case 6 -> lines.add(at, aliasBomb(r)); // alias bombs
      case 7 -> { // deep nesting
        int depth = 10 + r.nextInt(200);
        lines.add(at, r.nextBoolean()
            ? "exporter: " + "[".repeat(depth) + "]".repeat(depth)
            : "exporter: " + "{a: ".repeat(depth) + "x" + "}".repeat(depth));
      }
      case 8 -> { // duplicate a line: duplicate keys
        if (!lines.isEmpty()) lines.add(at, lines.get(at));
      }
      case 9 -> { // shift indentation
        if (!lines.isEmpty()) lines.set(at, r.nextBoolean() ? "  " + lines.get(at) : lines.get(at).replaceFirst("^ {1,2}", ""));
      }
      case 10 -> { // swap two lines
        if (lines.size() > 1) {
          int other = r.nextInt(lines.size());
          String t = lines.get(at);
          lines.set(at, lines.get(other));
          lines.set(other, t);
        }
      }
      default -> { // a key from elsewhere, or an anchor/alias pair
        String[] keys = {"listen", "max_staleness", "name", "check", "restart", "schedule", "sources", "keep",
            "token", "<<", "steps", "path", "admin", "thresholds"};
        String line = lines.isEmpty() ? "" : lines.get(at);
        String indent = line.replaceFirst("^(\\s*).*$", "$1");
        lines.add(at, indent + keys[r.nextInt(keys.length)] + ": " + SWAPS[r.nextInt(SWAPS.length)]);
      }
    }
    return String.join("\n", lines);
  }

  private static String aliasBomb(Random r) {
    StringBuilder sb = new StringBuilder("bomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    int levels = 3 + r.nextInt(12);
    for (int l = 1; l <= levels; l++) {
      sb.append("bomb").append(l).append(": &b").append(l).append(" [");
      for (int k = 0; k < 9; k++) sb.append(k == 0 ? "" : ", ").append("*b").append(l - 1);
      sb.append("]\n");
    }
    sb.append("services: *b").append(levels);
    return sb.toString();
  }
}

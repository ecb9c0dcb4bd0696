package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.CsvExportConfig;
import io.hostkeeper.common.config.SourceConfig;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.archive.SourceProblem;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV exports of an SQLite source: written from the same snapshot as the database member while a
 * writer commits to the live database, read back with Python's csv module (the same rows as the
 * restored snapshot), restored with stock gpg + zstd + tar, hostile table names kept inside the
 * archive's directory, and a failing query failing the run with no archive kept.
 */
class CsvExportBackupTest {
  @TempDir Path dir;

  private static final String PEOPLE = "SELECT * FROM people";
  private static final String COUNTS = "SELECT count(*) AS n, max(id) AS max_id FROM people";

  @Test
  void exportsAreTheSnapshotsRowsWhileAWriterRuns() throws Exception {
    Path python = RealStack.require("python3", "python3");
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path db = liveDatabase();
    AtomicLong committed = new AtomicLong(maxId(db));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerError = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try (Connection w = DriverManager.getConnection("jdbc:sqlite:" + db); Statement ws = w.createStatement()) {
        ws.execute("PRAGMA busy_timeout=10000");
        for (long i = committed.get() + 1; !stop.get(); i++) {
          ws.execute("INSERT INTO people (id, name, note) VALUES (" + i + ", 'later " + i + "', 'x,\"y\"')");
          committed.set(i);
        }
      } catch (Throwable t) {
        writerError.set(t);
      }
    });
    long before = committed.get();
    writer.start();
    while (committed.get() < before + 200 && writer.isAlive()) Thread.onSpinWait();
    BackupRunner.Result r;
    try {
      r = run(db, new CsvExportConfig(true, List.of(), Map.of("counts", COUNTS)), keys);
    } finally {
      stop.set(true);
      writer.join(60_000);
    }
    assertNull(writerError.get(), "the writer was never blocked out");
    assertTrue(committed.get() > before + 200);

    Path out = dir.resolve("restored");
    var report = ArchiveRestorer.run(r.archive().path(), PgpDecryption.readSecretKeys(keys.secretKey()), null, out, false, null);
    assertTrue(report.ok(), report.problems().toString());
    Path snapshot = out.resolve(GpgInteropTest.ArchiveContentAccess.memberName(db));
    Path csvDir = Path.of(snapshot + ".csv");

    // every table but sqlite_*: hostile names encoded into one plain file name each
    List<String> files;
    try (Stream<Path> s = Files.list(csvDir)) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(List.of("%2E%2E%2F%2E%2E%2Fetc%2Fx.csv", "a%2Fb%0Ac.csv", "empty.csv", "people.csv", "queries"), files);
    try (Stream<Path> s = Files.walk(out)) {
      assertTrue(s.allMatch(p -> p.normalize().startsWith(out)));
    }
    assertEquals("x\r\n1\r\n", Files.readString(csvDir.resolve("%2E%2E%2F%2E%2E%2Fetc%2Fx.csv")));
    assertEquals("a,b\r\n", Files.readString(csvDir.resolve("empty.csv")), "an empty table is its header row");

    // Python's csv module reads back exactly the rows of the restored snapshot
    assertEquals("ok", compare(python, csvDir.resolve("people.csv"), snapshot, PEOPLE).split(" ")[0]);
    assertEquals("ok 1", compare(python, csvDir.resolve("queries/counts.csv"), snapshot, COUNTS));
    long exported = Long.parseLong(compare(python, csvDir.resolve("people.csv"), snapshot, PEOPLE).split(" ")[1]);
    assertTrue(exported >= before, "every row committed before the run: " + exported + " < " + before);
    assertTrue(exported < countRows(db), "the live database moved on; the export is the snapshot's");

    // the bytes: header, CRLF, NULL as an empty field, empty text as "", quotes doubled, BLOB as \x hex
    String text = Files.readString(csvDir.resolve("people.csv"), StandardCharsets.UTF_8);
    assertTrue(text.startsWith("id,name,note,score,photo,born\r\n"), text.substring(0, 60));
    assertTrue(text.contains("\r\n1,\"Zoë \"\"Z\"\" O'Brien\",\"a, b\",1.5,\\x00ff10,2020-01-01\r\n"), text);
    assertTrue(text.contains("\r\n2,,,,,\r\n"), text);
    assertTrue(text.contains("\r\n3,\"multi\nline\r\nname\",\"\",-0.25,\\x,17\r\n"), text);
  }

  @Test
  void stockGpgZstdAndTarRestoreTheCsvForPython() throws Exception {
    Path python = RealStack.require("python3", "python3");
    Path zstd = RealStack.require("zstd", "zstd");
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path db = liveDatabase();
    BackupRunner.Result r = run(db, new CsvExportConfig(false, List.of("people"), Map.of()), keys);
    try (Gpg gpg = new Gpg(dir)) {
      gpg.ok(null, "--import", keys.secretKey().toString());
      Path plain = dir.resolve("plain.tar.zst");
      gpg.ok(plain, "--decrypt", r.archive().path().toString());
      exec(zstd.toString(), "-d", "-q", "-f", plain.toString(), "-o", dir.resolve("plain.tar").toString());
      Path out = Files.createDirectories(dir.resolve("out"));
      exec("tar", "-x", "-f", dir.resolve("plain.tar").toString(), "-C", out.toString());
      Path snapshot = out.resolve(GpgInteropTest.ArchiveContentAccess.memberName(db));
      Path csv = Path.of(snapshot + ".csv", "people.csv");
      assertEquals("ok " + countRows(snapshot), compare(python, csv, snapshot, PEOPLE));
      try (Stream<Path> s = Files.list(csv.getParent())) {
        assertEquals(1, s.count(), "only the listed table");
      }
    }
  }

  @Test
  void aQueryWithASyntaxErrorFailsTheRunAndKeepsNoArchive() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path db = liveDatabase();
    var csv = new CsvExportConfig(true, List.of(), Map.of("broken", "SELECT name FROM people WHERE id = = 1"));
    SourceProblem e = assertThrows(SourceProblem.class, () -> run(db, csv, keys));
    assertTrue(e.getMessage().contains("query broken") && e.getMessage().contains(db.toString())
        && e.getMessage().contains("syntax error") && e.getMessage().contains("fix csv.queries.broken"), e.getMessage());
    assertNothingLeft();
  }

  @Test
  void aMissingTableFailsTheRunNamingIt() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path db = liveDatabase();
    SourceProblem e = assertThrows(SourceProblem.class,
        () -> run(db, new CsvExportConfig(false, List.of("people", "nosuch"), Map.of()), keys));
    assertTrue(e.getMessage().contains("table \"nosuch\" is not in SQLite database " + db)
        && e.getMessage().contains("\"people\""), e.getMessage());
    assertNothingLeft();
  }

  private void assertNothingLeft() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("dest"))) {
      List<String> left = s.map(p -> p.getFileName().toString()).toList();
      assertTrue(left.stream().noneMatch(n -> n.endsWith(".gpg") || n.startsWith(".hk-tmp-")), left.toString());
    }
    try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("csv-")), "no CSV scratch file left");
    }
  }

  private BackupRunner.Result run(Path db, CsvExportConfig csv, TestKeys keys) throws Exception {
    var source = new SourceConfig(null, db, List.of(), List.of(), false, csv);
    var config = TestBackups.config("db", List.of(source), List.of(keys.publicKey()), dir.resolve("dest"), null);
    Files.createDirectories(dir.resolve("dest"));
    return new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"), Clock.systemUTC(), null, null)
        .run();
  }

  /** A WAL database with rows that need every CSV rule, hostile table names and an empty table. */
  private Path liveDatabase() throws Exception {
    Path db = dir.resolve("live/app.db");
    Files.createDirectories(db.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, note TEXT, score REAL, photo BLOB, born DATE)");
      st.execute("INSERT INTO people VALUES (1, 'Zoë \"Z\" O''Brien', 'a, b', 1.5, x'00ff10', '2020-01-01')");
      st.execute("INSERT INTO people (id) VALUES (2)");
      st.execute("INSERT INTO people VALUES (3, 'multi' || char(10) || 'line' || char(13, 10) || 'name', '', -0.25, x'', 17)");
      st.execute("INSERT INTO people VALUES (4, '日本語 — ünïcödé 🎉', 'tab' || char(9) || 'here', 1e300, randomblob(1000), 2.5)");
      st.execute("INSERT INTO people VALUES (5, '=1+2', ' lead and trail ', 0.1, x'5c78', '\\x00')");
      st.execute("WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 3000)"
          + " INSERT INTO people (id, name, note, score) SELECT v + 10, 'row ' || v, hex(randomblob(20)), v / 7.0 FROM n");
      st.execute("CREATE TABLE \"../../etc/x\" (x)");
      st.execute("INSERT INTO \"../../etc/x\" VALUES (1)");
      st.execute("CREATE TABLE \"a/b" + "\n" + "c\" (v)");
      st.execute("CREATE TABLE empty (a, b)");
      st.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY AUTOINCREMENT, v)"); // makes sqlite_sequence
      st.execute("DROP TABLE counter");
    }
    return db;
  }

  private static long maxId(Path db) throws Exception {
    return one(db, "SELECT max(id) FROM people");
  }

  private static long countRows(Path db) throws Exception {
    return one(db, "SELECT count(*) FROM people");
  }

  private static long one(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static String compare(Path python, Path csv, Path db, String sql) throws Exception {
    Path script = Path.of(CsvExportBackupTest.class.getResource("/csv/compare.py").toURI());
    return exec(python.toString(), script.toString(), csv.toString(), db.toString(), sql).strip();
  }

  private static String exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    return out;
  }
}

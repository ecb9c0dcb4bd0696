package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live database in WAL mode, with commits still only in the WAL and a writer committing during
 * the snapshot: the restored copy has every row committed before the backup started, is a
 * consistent prefix of the writer's sequence, passes integrity_check and is not in WAL mode.
 */
class SqliteBackupTest {
  @TempDir Path dir;

  @Test
  void walDatabaseWithConcurrentWriterRestoresConsistently() throws Exception {
    TestKeys keys = TestKeys.make(dir.resolve("keys"));
    Path db = dir.resolve("live/app.db");
    Files.createDirectories(db.getParent());
    AtomicLong committed = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerError = new AtomicReference<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA wal_autocheckpoint=0"); // commits stay in the -wal file
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
      for (int i = 1; i <= 2000; i++) {
        st.execute("INSERT INTO t (id, payload) VALUES (" + i + ", hex(randomblob(64)))");
        committed.set(i);
      }
      assertTrue(Files.size(dir.resolve("live/app.db-wal")) > 100_000, "commits are in the WAL, not checkpointed");

      Thread writer = new Thread(() -> {
        try (Connection w = DriverManager.getConnection("jdbc:sqlite:" + db); Statement ws = w.createStatement()) {
          ws.execute("PRAGMA busy_timeout=10000");
          for (long i = committed.get() + 1; !stop.get(); i++) {
            ws.execute("INSERT INTO t (id, payload) VALUES (" + i + ", hex(randomblob(64)))");
            committed.set(i);
          }
        } catch (Throwable t) {
          writerError.set(t);
        }
      });
      writer.start();
      while (committed.get() < 2500 && writer.isAlive()) Thread.onSpinWait();
      long beforeBackup = committed.get();
      var config = TestBackups.config("db", List.of(TestBackups.sqlite(db)), List.of(keys.publicKey()), dir.resolve("dest"), null);
      BackupRunner.Result r = new BackupRunner(config, new BackupCatalogue(TestBackups.stateDb(dir)), dir.resolve("data"),
          Clock.systemUTC(), null, null).run();
      long afterBackup = committed.get();
      stop.set(true);
      writer.join();
      assertEquals(null, writerError.get(), "the writer was never blocked out");
      assertTrue(afterBackup > beforeBackup, "the writer committed while the snapshot ran");

      assertEquals(1, r.manifest().members().stream().filter(m -> m.type().equals("file")).count());
      assertFalse(r.manifest().members().stream().anyMatch(m -> m.name().endsWith("-wal") || m.name().endsWith("-shm")));

      Path out = dir.resolve("restored");
      var report = ArchiveRestorer.run(r.archive().path(), PgpDecryption.readSecretKeys(keys.secretKey()), null, out, false, null);
      assertTrue(report.ok(), report.problems().toString());
      Path restored = out.resolve(db.toAbsolutePath().toString().substring(1));
      assertFalse(Files.exists(Path.of(restored + "-wal")));
      try (Connection rc = DriverManager.getConnection("jdbc:sqlite:" + restored); Statement rs = rc.createStatement()) {
        assertEquals("ok", one(rs, "PRAGMA integrity_check"));
        assertEquals("delete", one(rs, "PRAGMA journal_mode"));
        long count = Long.parseLong(one(rs, "SELECT count(*) FROM t"));
        long max = Long.parseLong(one(rs, "SELECT max(id) FROM t"));
        assertEquals(max, count, "a gap-free prefix of the writer's commits: a consistent snapshot");
        assertTrue(count >= beforeBackup, "every row committed before the backup started: " + count + " < " + beforeBackup);
        assertTrue(count <= afterBackup);
        assertEquals("128", one(rs, "SELECT min(length(payload)) FROM t"));
      }
    }
  }

  private static String one(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }
}

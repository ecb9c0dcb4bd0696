package io.hostkeeper.worker.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state database holds every run's details and the full manifest of every archive: other users
 * of the host must not read it. Checked with the real SQLite files (state.db, -wal, -shm).
 */
class DataDirectoryTest {
  @TempDir Path dir;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void newDataDirectoryAndStateDatabaseWithItsWalAndShmAreOwnerOnly() throws Exception {
    Path data = dir.resolve("var/lib/hostkeeper");
    assertEquals(List.of(), DataDirectory.secure(data));
    try (StateDatabase db = StateDatabase.open(data, Duration.ofSeconds(5))) {
      new RunHistory(db.jdbi(), BusyRetry.standard()).start("backup:app", "manual", Instant.now(), Instant.now());
      assertEquals("rwx------", mode(data));
      for (String f : List.of("state.db", "state.db-wal", "state.db-shm")) {
        assertTrue(Files.exists(data.resolve(f)), f + " exists while the database is open");
        assertEquals("rw-------", mode(data.resolve(f)), f);
      }
    }
  }

  @Test
  void workerStartNarrowsTheDataDirectoryOfAnEarlierVersion() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (StateDatabase db = StateDatabase.open(data, Duration.ofSeconds(5))) {
      db.jdbi().useHandle(h -> h.execute("PRAGMA user_version"));
    }
    Files.setPosixFilePermissions(data.resolve("state.db"), PosixFilePermissions.fromString("rw-r--r--"));
    var modules = new io.hostkeeper.worker.WorkerModules(List.of(ctx -> List.of()), List.of());
    try (var w = io.hostkeeper.worker.Worker.start(io.hostkeeper.worker.testing.TestConfigs.worker(data), data,
        java.time.Clock.systemUTC(), modules, io.hostkeeper.worker.Worker.Options.defaults())) {
      assertEquals("rwx------", mode(data));
      for (String f : List.of("state.db", "state.db-wal", "state.db-shm")) {
        if (Files.exists(data.resolve(f))) assertEquals("rw-------", mode(data.resolve(f)), f);
      }
    }
  }

  @Test
  void readableDataDirectoryAndDatabaseOfAnEarlierVersionAreNarrowedAndLogged() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path db = Files.writeString(data.resolve("state.db"), "");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    Path wal = Files.writeString(data.resolve("state.db-wal"), "");
    Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-rw-rw-"));
    List<String> notes = DataDirectory.secure(data);
    assertEquals(Map.of(data, "rwx------", db, "rw-------", wal, "rw-------"),
        Map.of(data, mode(data), db, mode(db), wal, mode(wal)));
    assertEquals(List.of(
        "narrowed the permissions of " + data.toRealPath() + " from rwxr-xr-x to rwx------",
        "narrowed the permissions of " + data.toRealPath().resolve("state.db") + " from rw-r--r-- to rw-------",
        "narrowed the permissions of " + data.toRealPath().resolve("state.db-wal") + " from rw-rw-rw- to rw-------"), notes);
  }

  @Test
  void linkPlantedAsStateDatabaseIsNotFollowed() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    Path outside = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(data.resolve("state.db-shm"), outside);
    Files.writeString(data.resolve("state.db"), "");
    List<String> notes = DataDirectory.secure(data);
    assertEquals("rw-r--r--", mode(outside), "the link's target is untouched");
    assertTrue(notes.stream().anyMatch(n -> n.contains("state.db-shm") && n.contains("symbolic link")), notes.toString());
  }

  @Test
  void sharedDirectoryWithOtherFilesIsLeftAsItIsWithAWarning() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("var-lib"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(shared.resolve("dpkg-status"), "someone else's");
    List<String> notes = DataDirectory.secure(shared);
    assertEquals("rwxr-xr-x", mode(shared), "a directory that is not only the worker's is not made private");
    assertEquals("rw-------", mode(shared.resolve("state.db")), "the database itself still is");
    assertTrue(notes.get(0).contains("give worker.data_dir a directory of its own"), notes.toString());
  }
}

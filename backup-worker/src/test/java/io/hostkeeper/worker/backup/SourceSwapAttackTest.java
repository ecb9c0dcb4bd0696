package io.hostkeeper.worker.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.SourceConfig;
import io.hostkeeper.common.fs.SafeFiles;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.worker.backup.archive.ArchiveContent;
import io.hostkeeper.worker.backup.archive.ArchiveRestorer;
import io.hostkeeper.worker.backup.pgp.PgpDecryption;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who can write in a source swaps what the walk saw before the worker opens it. The seam is
 * the file opener: each test wraps the production opener ({@link ArchiveContent#SAFE_OPENER}) with
 * the attacker's move, made between the walk's lstat and the open.
 */
class SourceSwapAttackTest {
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;
  TestKeys keys;
  Path src;
  Path victim;
  BackupCatalogue catalogue;
  Clock clock = Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void setUp() throws Exception {
    keys = TestKeys.make(dir.resolve("keys"));
    src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("a-before.txt"), "before");
    victim = Files.writeString(src.resolve("m-victim.txt"), "an ordinary file when the walk looked");
    Files.writeString(src.resolve("z-after.txt"), "after");
    catalogue = new BackupCatalogue(TestBackups.stateDb(dir));
  }

  BackupConfig config(Duration timeout) {
    List<SourceConfig> sources = List.of(TestBackups.path(src));
    return new BackupConfig("app", TestBackups.config("app", sources, List.of(keys.publicKey()), dir.resolve("dest"), null).schedule(),
        sources, List.of(keys.publicKey()), dir.resolve("dest"), BackupConfig.Compression.ZSTD, null, null,
        BackupConfig.UnreadablePolicy.FAIL, null, true, timeout);
  }

  JobOutcome run(ArchiveContent.FileOpener opener, Duration timeout) {
    clock = Clock.offset(clock, Duration.ofHours(1));
    var runner = new BackupRunner(config(timeout), catalogue, dir.resolve("data"), clock, null, opener);
    return new BackupJob(runner, null).run(new JobRunContext(1, clock.instant(), clock, true));
  }

  /** The attacker's move, then the worker's open. */
  ArchiveContent.FileOpener swapping(Runnable move) {
    return p -> {
      if (p.equals(victim)) move.run();
      return ArchiveContent.SAFE_OPENER.open(p);
    };
  }

  @Test
  void nonBlockingOpenIsAvailableOnLinux() {
    Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
    assertNull(SafeFiles.nonBlockingOpenUnavailable(), "the native open must work here, else a FIFO could block");
  }

  @Test
  void fifoRenamedOverAFileByAnotherUserDoesNotHangTheBackup() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to act as nobody");
    RealStack.require("util-linux", "runuser");
    RealStack.require("coreutils", "mkfifo");
    giveToNobody(src);
    var out = assertTimeoutPreemptively(BOUND, () -> run(swapping(() -> asNobody(
        "mkfifo " + src.resolve(".fifo") + " && mv -f " + src.resolve(".fifo") + " " + victim)), null));
    assertTrue(Files.readAttributes(victim, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther(),
        "the attack happened: the victim is a FIFO now");
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    var manifest = catalogue.list("app").get(0);
    assertTrue(manifest.manifestJson().contains("became a FIFO (named pipe) while the backup ran; skipped"), manifest.manifestJson());
    assertRestoresWithout("m-victim.txt", "a-before.txt", "z-after.txt");
  }

  @Test
  void fifoSwappedInBetweenWalkAndOpenIsNotedNotFailed() throws Exception {
    RealStack.require("coreutils", "mkfifo");
    var out = assertTimeoutPreemptively(BOUND, () -> run(swapping(() -> replaceWithFifo(victim)), null));
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    assertTrue(out.message().contains("1 problem(s) recorded"), out.message());
    assertTrue(catalogue.list("app").get(0).manifestJson().contains("became a FIFO"));
    assertRestoresWithout("m-victim.txt", "a-before.txt", "z-after.txt");
  }

  @Test
  void symlinkToARootFileSwappedInIsNotFollowed() throws Exception {
    Path secret = Files.writeString(dir.resolve("shadow"), "root:SECRET-HASH:19000:0:99999:7:::\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    var out = assertTimeoutPreemptively(BOUND, () -> run(swapping(() -> {
      try {
        Path link = src.resolve(".link");
        Files.createSymbolicLink(link, secret);
        Files.move(link, victim, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), null));
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    assertTrue(catalogue.list("app").get(0).manifestJson().contains("became a symbolic link"));
    Path to = assertRestoresWithout("m-victim.txt", "a-before.txt", "z-after.txt");
    try (var s = Files.walk(to)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) assertFalse(Files.readString(p).contains("SECRET-HASH"), "the root file's content leaked into " + p);
      }
    }
  }

  @Test
  void fileVanishedDuringTheWalkIsNotedNotFailed() throws Exception {
    var out = assertTimeoutPreemptively(BOUND, () -> run(swapping(() -> {
      try {
        Files.delete(victim);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), null));
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), "on_unreadable: fail still does not fail a vanished file: " + out.message());
    assertTrue(catalogue.list("app").get(0).manifestJson().contains("vanished while the backup ran"));
  }

  @Test
  void readThatNeverReturnsIsBoundedByTheBackupTimeoutAndFreesTheLock() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ArchiveContent.FileOpener stuck = p -> {
      if (!p.equals(victim)) return ArchiveContent.SAFE_OPENER.open(p);
      return new InputStream() {
        @Override
        public int read() throws IOException {
          try {
            release.await(BOUND.toSeconds(), TimeUnit.SECONDS); // a read that hangs, as on a dead mount
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IOException("released");
        }
      };
    };
    try {
      var out = assertTimeoutPreemptively(BOUND, () -> run(stuck, Duration.ofSeconds(1)));
      assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
      assertTrue(out.message().contains("timed out after 1s while reading " + victim), out.message());
      var next = assertTimeoutPreemptively(BOUND, () -> run(null, null));
      assertEquals(JobOutcome.Result.SUCCESS, next.result(), "the next run is not refused as busy: " + next.message());
    } finally {
      release.countDown();
    }
  }

  private Path assertRestoresWithout(String missing, String... present) throws Exception {
    Path to = dir.resolve("restored-" + System.nanoTime());
    var report = ArchiveRestorer.run(catalogue.list("app").get(0).path(), PgpDecryption.readSecretKeys(keys.secretKey()),
        null, to, false, null);
    assertTrue(report.ok(), report.problems().toString());
    Path restoredSrc = to.resolve(src.toString().substring(1));
    assertFalse(Files.exists(restoredSrc.resolve(missing), java.nio.file.LinkOption.NOFOLLOW_LINKS), missing + " left out");
    for (String p : present) assertTrue(Files.isRegularFile(restoredSrc.resolve(p)), p + " archived");
    return to;
  }

  private static void replaceWithFifo(Path file) {
    Path fifo = file.resolveSibling(".fifo-" + System.nanoTime());
    try {
      Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
      Files.move(fifo, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void asNobody(String shell) {
    try {
      Process p = new ProcessBuilder("runuser", "-u", "nobody", "--", "sh", "-c", shell).redirectErrorStream(true).start();
      boolean done = p.waitFor(30, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(done && p.exitValue() == 0, "the attacker's move failed: " + out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void giveToNobody(Path p) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
    view.setOwner(p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    // nobody must reach the directory: every parent up to the temp dir must be searchable
    for (Path q = p.getParent(); q != null; q = q.getParent()) {
      var perms = Files.getPosixFilePermissions(q);
      if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(q, perms);
      }
      if (q.equals(p.getRoot()) || q.toString().equals(System.getProperty("java.io.tmpdir"))) break;
    }
  }
}

package io.hostkeeper.worker.logs;

import static io.hostkeeper.worker.logs.LogFixtures.context;
import static io.hostkeeper.worker.logs.LogFixtures.job;
import static io.hostkeeper.worker.logs.LogFixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.worker.job.JobOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attacks of a log directory's owner on a worker running as root, each reproduced. */
class LogAttackTest {
  private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");
  private static final String SECRET = "root-only secret\n";
  @TempDir Path dir;
  @TempDir Path state;
  @TempDir Path rootOnly;

  private Path secret() throws IOException {
    Path f = rootOnly.resolve("shadow");
    Files.writeString(f, SECRET);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  private static void chownToNobody(Path p) throws IOException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give the directory to nobody");
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setOwner(p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
  }

  private static List<String> everythingIn(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (var s = Files.newDirectoryStream(dir)) {
      for (Path p : s) if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) out.add(LogFixtures.read(p));
    }
    return out;
  }

  @Test
  void copyTruncateRefusesSymlinkToRootFile() throws Exception {
    Path target = secret();
    Files.createSymbolicLink(dir.resolve("ct.log"), target);
    JobOutcome out = job(Logs.log(dir.resolve("ct.log").toString()).copyTruncate().build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains("ct.log is a symbolic link"), out.message());
    assertEquals(SECRET, Files.readString(target), "the root file is not truncated");
    assertFalse(String.join("", everythingIn(dir)).contains("secret"), "nothing was copied out of it");
  }

  @Test
  void copyTruncateRefusesSymlinkToRootFileInAGlob() throws Exception {
    Path target = secret();
    Files.createSymbolicLink(dir.resolve("ct.log"), target);
    JobOutcome out = job(Logs.log(dir + "/*.log").copyTruncate().build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains("is a symbolic link"), out.message());
    assertEquals(SECRET, Files.readString(target));
  }

  @Test
  void rotationRefusesADirectoryOwnedByAnotherUser() throws Exception {
    Path target = secret();
    Files.writeString(dir.resolve("rn.log"), "x\n");
    chownToNobody(dir);
    Files.createSymbolicLink(dir.resolve("rn.log.1"), target);
    JobOutcome out = job(Logs.log(dir.resolve("rn.log").toString()).build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains(dir.toRealPath() + ": refused: the log directory is owned by uid "), out.message());
    assertTrue(out.message().contains("owner nobody") && out.message().contains("mode 0700") && out.message().contains("run_as"), out.message());
    assertEquals(List.of("rn.log", "rn.log.1"), LogFixtures.names(dir).isEmpty() ? List.of() : namesWithLinks(dir), "nothing touched");
    assertEquals(SECRET, Files.readString(target));
  }

  private static List<String> namesWithLinks(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (var s = Files.newDirectoryStream(dir)) {
      for (Path p : s) names.add(p.getFileName().toString());
    }
    names.sort(null);
    return names;
  }

  @Test
  void compressionRefusesALinkedRotatedFileToARootFile() throws Exception {
    Path target = secret();
    Files.writeString(dir.resolve("rn.log"), "x\n");
    Files.createSymbolicLink(dir.resolve("rn.log.2"), target);
    JobOutcome out = job(Logs.log(dir.resolve("rn.log").toString()).build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains("rn.log.2: is a symbolic link where a rotated file belongs"), out.message());
    assertFalse(String.join("", everythingIn(dir)).contains("secret"), "nothing was read through the link");
    assertEquals(SECRET, Files.readString(target));
  }

  @Test
  void aDanglingRotatedLinkFailsTheJobNamingTheLink() throws Exception {
    Path live = dir.resolve("rn.log");
    Files.writeString(live, "x\n");
    Files.createSymbolicLink(dir.resolve("rn.log.1"), dir.resolve("does-not-exist"));
    JobOutcome out = job(Logs.log(live.toString()).build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains(dir.resolve("rn.log.1") + ": is a symbolic link"), out.message());
    assertEquals("x\n", Files.readString(live), "the log is left alone, not silently kept growing under a success");
  }

  @Test
  void compressTempIsPrivateUntilComplete() throws Exception {
    Path live = dir.resolve("rn.log");
    Files.writeString(live, "public line\n");
    Files.setPosixFilePermissions(live, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> seen = new ArrayList<>();
    FaultHook look = point -> {
      if (point.equals("compress-written")) {
        seen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".rn.log.1.gz.hk-tmp"), LinkOption.NOFOLLOW_LINKS)));
      }
    };
    JobOutcome out = job(Logs.log(live.toString()).build(), state, look).run(context(T0, true));
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    assertEquals(List.of("rw-------"), seen, "nobody can open the temporary file while it is written");
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("rn.log.1.gz"))),
        "the finished file has the log's mode");
  }

  /** A racer swaps the temporary name for a link to a root file while rotations run. */
  @Test
  void tempFileModeCannotBeRacedToARootFile() throws Exception {
    Path target = secret();
    Path live = dir.resolve("app.log");
    Path temp = dir.resolve(".app.log.1.gz.hk-tmp");
    AtomicBoolean stop = new AtomicBoolean();
    Thread racer = new Thread(() -> {
      while (!stop.get()) {
        try {
          Files.deleteIfExists(temp);
          Files.createSymbolicLink(temp, target);
        } catch (IOException e) {
          // lost the race this time
        }
      }
    }, "racer");
    racer.setDaemon(true);
    racer.start();
    try {
      LogRotateJob job = job(Logs.log(live.toString()).keep(2).build(), state, FaultHook.NONE);
      for (int i = 0; i < 40; i++) {
        Files.writeString(live, lines("run" + i + "-", 1, 20));
        Files.setPosixFilePermissions(live, PosixFilePermissions.fromString("rw-rw-rw-"));
        job.run(context(T0.plusSeconds(86400L * i), false));
      }
    } finally {
      stop.set(true);
      racer.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertFalse(racer.isAlive(), "racer stopped");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertEquals(SECRET, Files.readString(target));
  }

  @Test
  void copyTruncateKeepsTheOnlyCopyWhenTheLogIsDeletedMidCopy() throws Exception {
    Path live = dir.resolve("ct.log");
    Files.writeString(live, lines("only-", 1, 100));
    FaultHook deleteAndDie = point -> {
      if (point.equals("copytruncate-copied")) {
        Files.delete(live);
        throw new IOException("killed while the log was deleted");
      }
    };
    var config = Logs.log(live.toString()).copyTruncate().compress(false).missingOk().build();
    assertTrue(job(config, state, deleteAndDie).rotateFile(live, T0, true).failed());
    assertTrue(Files.exists(dir.resolve(".ct.log.1.hk-tmp")), "the copy is the only one now");
    LogReport next = job(config, state, FaultHook.NONE).rotateFile(live, T0.plusSeconds(60), false);
    assertTrue(next.cleaned().toString().contains("kept as ct.log.1.recovered-20261121-050100"), next.toDetails().toString());
    assertEquals(lines("only-", 1, 100), Files.readString(dir.resolve("ct.log.1.recovered-20261121-050100")));
    LogReport third = job(config, state, FaultHook.NONE).rotateFile(live, T0.plusSeconds(120), false);
    assertFalse(third.failed(), third.toDetails().toString());
    assertTrue(Files.exists(dir.resolve("ct.log.1.recovered-20261121-050100")), "never deleted by a later run");
  }

  @Test
  void aLeftoverCopyIsDeletedOnlyWhenTheLogStillHoldsItsLines() throws Exception {
    Path live = dir.resolve("ct.log");
    Files.writeString(live, lines("a-", 1, 10));
    Files.writeString(dir.resolve(".ct.log.1.hk-tmp"), lines("a-", 1, 5));
    Files.writeString(dir.resolve(".ct.log.2.hk-tmp"), lines("b-", 1, 5));
    var config = Logs.log(live.toString()).copyTruncate().compress(false).build();
    LogReport r = job(config, state, FaultHook.NONE).rotateFile(live, T0, false);
    assertEquals(lines("b-", 1, 5), Files.readString(dir.resolve("ct.log.2.recovered-20261121-050000")), r.toDetails().toString());
    assertFalse(Files.exists(dir.resolve(".ct.log.1.hk-tmp")));
  }
}

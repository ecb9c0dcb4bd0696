package io.hostkeeper.worker.logs;

import static io.hostkeeper.worker.logs.LogFixtures.context;
import static io.hostkeeper.worker.logs.LogFixtures.job;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.fs.FsIdentity;
import io.hostkeeper.worker.job.JobOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run_as: a log directory owned by an application's user (here nobody) is rotated with that user's
 * rights, and the attacks of that user on a worker running as root reach nothing the user could
 * not reach already. Needs root on Linux (skipped otherwise).
 */
class LogRunAsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T05:00:00Z");
  private static final String SECRET = "root-only secret\n";
  @TempDir Path dir;
  @TempDir Path state;
  @TempDir Path rootOnly;

  @BeforeEach
  void needsRootOnLinux() throws IOException {
    Assumptions.assumeTrue(FsIdentity.unavailable() == null, "run_as needs Linux: " + FsIdentity.unavailable());
    Assumptions.assumeTrue(LogDirectory.selfUid() == 0, "needs root to give the directory to nobody and to act as nobody");
    giveToNobody(dir);
    // the root file is protected by its own mode only, not by an unreachable directory
    Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void giveToNobody(Path p) throws IOException {
    UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setOwner(users.lookupPrincipalByName("nobody"));
    view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
  }

  private Path secret() throws IOException {
    Path f = rootOnly.resolve("shadow");
    Files.writeString(f, SECRET);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  private Path nobodysLog(String name, String text) throws IOException {
    Path live = dir.resolve(name);
    Files.writeString(live, text);
    Files.setPosixFilePermissions(live, PosixFilePermissions.fromString("rw-r-----"));
    giveToNobody(live);
    return live;
  }

  private static PosixFileAttributes attrs(Path p) throws IOException {
    return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** What the directory holds, other than the root file itself (a hard link to it): none of it may contain the secret. */
  private static List<String> everythingButTheTarget(Path dir, Path target) throws IOException {
    Object key = attrs(target).fileKey();
    List<String> out = new ArrayList<>();
    for (Path p : LogFixtures.list(dir)) {
      if (!Files.isSymbolicLink(p) && !key.equals(attrs(p).fileKey())) out.add(LogFixtures.read(p));
    }
    return out;
  }

  private static void assertActsAsRootAgain() throws IOException {
    assertArrayEquals(new int[] {0, 0}, FsIdentity.current(), "the thread's filesystem identity is root's again");
    // no thread of the process (a pool started while switched, say) was left with nobody's identity
    List<String> switched = new ArrayList<>();
    try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        List<String> status;
        try {
          status = Files.readAllLines(task.resolve("status"));
        } catch (IOException gone) {
          continue;
        }
        for (String line : status) {
          // Uid: real effective saved filesystem
          if ((line.startsWith("Uid:") || line.startsWith("Gid:")) && !line.split("\\s+")[4].equals("0")) {
            switched.add(task.getFileName() + " " + Files.readString(task.resolve("comm")).strip() + ": " + line);
          }
        }
      }
    }
    assertEquals(List.of(), switched, "threads left acting as another user");
  }

  @Test
  void renameAndGzipRunAsTheDirectoryOwner() throws Exception {
    Path live = nobodysLog("rn.log", "line 1\nline 2\n");
    JobOutcome out = job(Logs.log(live.toString()).runAs("nobody", null).build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    Path gz = dir.resolve("rn.log.1.gz");
    assertEquals("line 1\nline 2\n", LogFixtures.read(gz));
    assertEquals("nobody", attrs(gz).owner().getName(), "the compressed file was created by nobody");
    assertEquals("nogroup", attrs(gz).group().getName(), "with nobody's primary group");
    assertEquals("rw-r-----", PosixFilePermissions.toString(attrs(gz).permissions()));
    assertEquals(List.of("rn.log.1.gz"), LogFixtures.names(dir));
    assertActsAsRootAgain();
  }

  @Test
  void zstdRunsAsTheDirectoryOwner() throws Exception {
    Path live = nobodysLog("z.log", "zz\n");
    JobOutcome out = job(Logs.log(live.toString()).codec(io.hostkeeper.common.config.LogConfig.Codec.ZSTD).runAs("nobody", null)
        .build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    Path zst = dir.resolve("z.log.1.zst");
    assertEquals("zz\n", LogFixtures.read(zst));
    assertEquals("nobody", attrs(zst).owner().getName());
    assertActsAsRootAgain();
  }

  @Test
  void copyTruncateRunsAsTheDirectoryOwner() throws Exception {
    Path live = nobodysLog("ct.log", "kept\n");
    JobOutcome out = job(Logs.log(live.toString()).copyTruncate().runAs("nobody", "nogroup").build(), state, FaultHook.NONE)
        .run(context(T0, true));
    assertEquals(JobOutcome.Result.SUCCESS, out.result(), out.message());
    assertEquals(0, Files.size(live), "the live log was truncated");
    Path gz = dir.resolve("ct.log.1.gz");
    assertEquals("kept\n", LogFixtures.read(gz));
    assertEquals("nobody", attrs(gz).owner().getName());
    assertEquals("nobody", attrs(live).owner().getName());
    assertActsAsRootAgain();
  }

  @Test
  void copyTruncateOfAHardLinkToARootFileNeitherReadsNorTruncatesIt() throws Exception {
    Path target = secret();
    Files.createLink(dir.resolve("ct.log"), target); // as if fs.protected_hardlinks were off
    JobOutcome out = job(Logs.log(dir.resolve("ct.log").toString()).copyTruncate().runAs("nobody", null).build(), state,
        FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains("permission denied") && out.message().contains("run_as user nobody"), out.message());
    assertEquals(SECRET, Files.readString(target), "the root file is not truncated");
    assertEquals("rw-------", PosixFilePermissions.toString(attrs(target).permissions()));
    assertFalse(String.join("", everythingButTheTarget(dir, target)).contains("secret"), "nothing was copied out of it");
    assertActsAsRootAgain();
  }

  private interface Linker {
    void link(Path link, Path target) throws IOException;
  }

  /** nobody swaps the live log for a link to a root file just before the rotation's first step. */
  private JobOutcome rotateWithLogSwappedForALink(Path target, Linker linker) throws Exception {
    Path live = nobodysLog("rn.log", "x\n");
    FaultHook swap = point -> {
      if (point.startsWith("journal-step-0-")) {
        Files.delete(live);
        linker.link(live, target);
      }
    };
    JobOutcome out = job(Logs.log(live.toString()).runAs("nobody", null).build(), state, swap).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertEquals(SECRET, Files.readString(target));
    assertEquals("rw-------", PosixFilePermissions.toString(attrs(target).permissions()));
    assertFalse(Files.exists(dir.resolve("rn.log.1.gz")), "no compressed copy of the root file");
    assertFalse(String.join("", everythingButTheTarget(dir, target)).contains("secret"), "nothing was read out of it");
    assertActsAsRootAgain();
    return out;
  }

  @Test
  void logSwappedForAHardLinkToARootFileMidRotationIsNotCompressedOut() throws Exception {
    JobOutcome out = rotateWithLogSwappedForALink(secret(), Files::createLink);
    assertTrue(out.message().contains("permission denied"), out.message());
  }

  @Test
  void logSwappedForASymlinkToARootFileMidRotationIsRefused() throws Exception {
    JobOutcome out = rotateWithLogSwappedForALink(secret(), Files::createSymbolicLink);
    assertTrue(out.message().contains("symbolic link"), out.message());
  }

  @Test
  void withoutRunAsTheUsersDirectoryIsStillRefused() throws Exception {
    Path live = nobodysLog("rn.log", "x\n");
    JobOutcome out = job(Logs.log(live.toString()).build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains("refused: the log directory is owned by uid 65534"), out.message());
    assertEquals(List.of("rn.log"), LogFixtures.names(dir), "nothing touched");
  }

  @Test
  void runAsAnotherUserDoesNotOpenADirectoryNobodyControls() throws Exception {
    Path live = nobodysLog("rn.log", "x\n");
    JobOutcome out = job(Logs.log(live.toString()).runAs("daemon", null).build(), state, FaultHook.NONE).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains("neither root nor the worker nor the run_as user")
        && out.message().contains("acts as daemon (run_as)"), out.message());
    assertEquals(List.of("rn.log"), LogFixtures.names(dir), "nothing touched");
  }

  @Test
  void runAsAnUnknownUserFailsTheRunNamingIt() throws Exception {
    Path live = nobodysLog("rn.log", "x\n");
    JobOutcome out = job(Logs.log(live.toString()).runAs("no-such-user-hk", null).build(), state, FaultHook.NONE)
        .run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains("no such user: no-such-user-hk"), out.message());
  }

  @Test
  void theThreadActsAsRootAgainAfterAFailedRun() throws Exception {
    Path live = nobodysLog("rn.log", "x\n");
    FaultHook crash = point -> {
      if (point.equals("compress-written")) {
        assertArrayEquals(new int[] {65534, 65534}, FsIdentity.current(), "compression runs as nobody");
        throw new IOException("simulated failure while acting as nobody");
      }
    };
    JobOutcome out = job(Logs.log(live.toString()).runAs("nobody", null).build(), state, crash).run(context(T0, true));
    assertEquals(JobOutcome.Result.FAILURE, out.result(), out.message());
    assertTrue(out.message().contains("simulated failure"), out.message());
    assertActsAsRootAgain();
    // root's rights for real: a file in a root-only directory, created and read back on this thread
    Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwx------"));
    Path mine = rootOnly.resolve("after");
    Files.writeString(mine, "root again\n");
    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rw-------"));
    assertEquals("root", attrs(mine).owner().getName());
    assertEquals("root again\n", Files.readString(mine));
    assertEquals(SECRET, Files.readString(secret()));
  }
}

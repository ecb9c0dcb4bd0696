package io.hostkeeper.worker.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hostkeeper.common.config.ByteSize;
import io.hostkeeper.common.config.CleanupConfig;
import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.common.fs.OpenFiles;
import io.hostkeeper.common.testing.RealStack;
import io.hostkeeper.worker.cleanup.CleanupRoots.Protected;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cleanup on real trees: exactly the expected entries go, nothing through links, FIFOs, open files or mounts. */
class CleanupJobTest {
  @TempDir Path base;
  Path root;
  Path outside;
  Path dataDir;
  final Instant now = Instant.now();
  final FileTime old = FileTime.from(now.minus(Duration.ofDays(30)));
  final FileTime older = FileTime.from(now.minus(Duration.ofDays(40)));
  PrometheusRegistry registry;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectory(base.resolve("tmp")).toRealPath();
    outside = Files.createDirectory(base.resolve("outside")).toRealPath();
    dataDir = Files.createDirectory(base.resolve("data")).toRealPath();
    registry = new PrometheusRegistry();
  }

  CleanupConfig config(boolean dryRun, Integer max, ByteSize minFree, String... globs) {
    return new CleanupConfig("tmp", List.of(globs), Duration.ofDays(7), Schedule.parse("@daily"), minFree, max, dryRun, null, true);
  }

  JobOutcome run(CleanupConfig c, FreeSpace space) throws Exception {
    CleanupJob job = new CleanupJob(c, List.of(new Protected(dataDir, "the worker's data directory")),
        CleanupMetrics.in(registry), new OpenFiles(Path.of("/proc")), space, MountPoints.REAL);
    return job.run(new JobRunContext(1, now, Clock.fixed(now, ZoneOffset.UTC), true));
  }

  JobOutcome run(CleanupConfig c) throws Exception {
    return run(c, dir -> Long.MAX_VALUE);
  }

  Path file(String rel, FileTime time) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x".repeat(10));
    Files.setLastModifiedTime(p, time);
    return p;
  }

  void age(Path p, FileTime time) throws Exception {
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
  }

  Set<String> left() throws Exception {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(p -> !p.equals(root)).forEach(p -> out.add(root.relativize(p).toString()));
    }
    return out;
  }

  String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The mixed tree: returns the open channel (closed by the caller). */
  FileChannel mixedTree() throws Exception {
    RealStack.require("coreutils", "mkfifo");
    file("old.tmp", old);
    file("new.tmp", FileTime.from(now));
    Path secret = Files.writeString(outside.resolve("secret"), "keep me");
    Files.setLastModifiedTime(secret, older);
    Path outsideDir = Files.createDirectory(outside.resolve("dir"));
    Files.setLastModifiedTime(Files.writeString(outsideDir.resolve("inner"), "keep me too"), older);
    age(Files.createSymbolicLink(root.resolve("link-to-file"), secret), old);
    age(Files.createSymbolicLink(root.resolve("link-to-dir"), outsideDir), FileTime.from(now));
    Path open = file("open.tmp", old);
    FileChannel holder = FileChannel.open(open, StandardOpenOption.READ);
    Process mk = new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).start();
    assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0);
    // touch sets the times without opening the FIFO (opening it would wait for a writer)
    Process touch = new ProcessBuilder("touch", "-d", "@" + old.toInstant().getEpochSecond(), root.resolve("fifo").toString()).start();
    assertTrue(touch.waitFor(10, TimeUnit.SECONDS) && touch.exitValue() == 0);
    file("full/old.log", older);
    file("full/new.log", FileTime.from(now));
    Files.setLastModifiedTime(root.resolve("full"), old);
    file("gone/a/old1", old);
    file("gone/old2", older);
    Files.setLastModifiedTime(root.resolve("gone/a"), old);
    Files.setLastModifiedTime(root.resolve("gone"), old);
    Files.createDirectory(root.resolve("empty-old"));
    Files.setLastModifiedTime(root.resolve("empty-old"), old);
    Files.createDirectory(root.resolve("empty-new"));
    return holder;
  }

  @Test
  void exactlyTheExpectedEntriesGoAndLinkTargetsSurvive() throws Exception {
    try (FileChannel holder = mixedTree()) {
      JobOutcome o = run(config(false, null, null, root + "/*"));
      assertEquals(JobOutcome.Result.SUCCESS, o.result(), o.message());
      assertEquals(Set.of("empty-new", "fifo", "full", "full/new.log", "link-to-dir", "new.tmp", "open.tmp"), left());
      assertEquals("keep me", Files.readString(outside.resolve("secret")));
      assertEquals("keep me too", Files.readString(outside.resolve("dir/inner")));
      // old.tmp, link-to-file, full/old.log, gone/a/old1, gone/old2, gone/a, gone, empty-old
      assertTrue(o.message().startsWith("deleted 8 entries ("), o.message());
      String text = scrape();
      assertTrue(text.contains("hostkeeper_cleanup_deleted_files_total{cleanup=\"tmp\"} 8.0"), text);
      long linkSize = outside.resolve("secret").toString().length();
      assertTrue(text.contains("hostkeeper_cleanup_freed_bytes_total{cleanup=\"tmp\"} " + (double) (40 + linkSize)), text);
    }
  }

  @Test
  void aDryRunDeletesNothingAndListsWhatWouldGo() throws Exception {
    try (FileChannel holder = mixedTree()) {
      Set<String> before = left();
      JobOutcome o = run(config(true, null, null, root + "/*"));
      assertEquals(JobOutcome.Result.SUCCESS, o.result(), o.message());
      assertEquals(before, left());
      assertTrue(o.message().startsWith("dry run: would delete 8 entries"), o.message());
      assertTrue(o.message().contains(root.resolve("gone/a/old1").toString()), o.message());
      @SuppressWarnings("unchecked")
      List<String> paths = (List<String>) o.details().get("would_delete_paths");
      assertEquals(8, paths.size());
      assertTrue(paths.contains(root.resolve("link-to-file").toString()));
      assertTrue(scrape().contains("hostkeeper_cleanup_deleted_files_total{cleanup=\"tmp\"} 0.0"));
    }
  }

  @Test
  void maxDeletionsTakesTheOldestFirst() throws Exception {
    for (int i = 0; i < 5; i++) file("f" + i, FileTime.from(now.minus(Duration.ofDays(10 + i))));
    JobOutcome o = run(config(false, 2, null, root + "/f*"));
    assertEquals(JobOutcome.Result.SUCCESS, o.result(), o.message());
    assertEquals(Set.of("f0", "f1", "f2"), left());
    assertTrue(o.message().endsWith("; 3 more left by max_deletions/min_free"), o.message());
  }

  @Test
  void minFreeDeletesOnlyWhileSpaceIsShort() throws Exception {
    for (int i = 0; i < 3; i++) file("f" + i, FileTime.from(now.minus(Duration.ofDays(10 + i))));
    JobOutcome plenty = run(config(false, null, ByteSize.parse("1KiB"), root + "/*"), dir -> 4096);
    assertEquals(Set.of("f0", "f1", "f2"), left(), plenty.message());
    // 15 bytes short: the two oldest 10-byte files go.
    run(config(false, null, ByteSize.parse("1KiB"), root + "/*"), dir -> 1024 - 15);
    assertEquals(Set.of("f0"), left());
  }

  @Test
  void aGlobBelowTheRootMatchesOnlyItsLevel() throws Exception {
    file("app/cache/old", old);
    file("app/keep/old", old);
    Files.setLastModifiedTime(root.resolve("app/cache"), old);
    JobOutcome o = run(config(false, null, null, root + "/*/cache"));
    assertEquals(JobOutcome.Result.SUCCESS, o.result(), o.message());
    assertEquals(Set.of("app", "app/keep", "app/keep/old"), left());
  }

  @Test
  void theDataDirectoryIsRefusedAtRunTime() throws Exception {
    Files.writeString(dataDir.resolve("state.db"), "precious");
    Files.setLastModifiedTime(dataDir.resolve("state.db"), older);
    JobOutcome o = run(config(false, null, null, dataDir + "/*"));
    assertEquals(JobOutcome.Result.FAILURE, o.result());
    assertTrue(o.message().contains("is the worker's data directory"), o.message());
    assertTrue(Files.exists(dataDir.resolve("state.db")));
  }

  @Test
  void aRootReachedThroughALinkIsRefused() throws Exception {
    Files.setLastModifiedTime(Files.writeString(outside.resolve("victim"), "keep"), older);
    Path link = Files.createSymbolicLink(root.resolve("via"), outside);
    JobOutcome o = run(config(false, null, null, link + "/*"));
    assertEquals(JobOutcome.Result.FAILURE, o.result());
    assertTrue(o.message().contains("is a symbolic link"), o.message());
    assertTrue(Files.exists(outside.resolve("victim")));
  }

  @Test
  void aBindMountOfTheSameFileSystemIsNotEntered() throws Exception {
    Path mount = Files.createDirectory(root.resolve("bind"));
    Path secret = Files.writeString(outside.resolve("secret"), "keep me");
    Files.setLastModifiedTime(secret, older);
    boolean mounted = false;
    try {
      mounted = RealStack.find("mount").isPresent()
          && new ProcessBuilder("mount", "--bind", outside.toString(), mount.toString()).start().waitFor() == 0;
      assumeTrue(mounted, "bind mounts need CAP_SYS_ADMIN; the mount point rule is covered by MountPointsTest");
      Files.setLastModifiedTime(mount, old);
      JobOutcome o = run(config(false, null, null, root + "/*"));
      assertEquals(JobOutcome.Result.SUCCESS, o.result(), o.message());
      assertTrue(Files.exists(secret), "nothing under the bind mount was touched");
      assertTrue(o.message().startsWith("deleted 0 entries"), o.message());
    } finally {
      if (mounted) new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMountedDirectoryIsNotEntered() throws Exception {
    Path mount = Files.createDirectory(root.resolve("mnt"));
    boolean mounted = false;
    try {
      mounted = RealStack.find("mount").isPresent()
          && new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "hk-test", mount.toString()).start().waitFor() == 0;
      assumeTrue(mounted, "mounting a tmpfs needs CAP_SYS_ADMIN; the other-device rule is covered by the planner table");
      Files.setLastModifiedTime(Files.writeString(mount.resolve("inner"), "other fs"), older);
      Files.setLastModifiedTime(mount, old);
      JobOutcome o = run(config(false, null, null, root + "/*"));
      assertEquals(JobOutcome.Result.SUCCESS, o.result(), o.message());
      assertTrue(Files.exists(mount.resolve("inner")), "nothing on the other file system was touched");
      assertTrue(o.message().startsWith("deleted 0 entries"), o.message());
    } finally {
      if (mounted) new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
  }
}

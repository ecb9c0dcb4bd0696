package io.hostkeeper.worker.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hostkeeper.common.config.CleanupGlob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone who may write the cleaned directory swaps entries between the listing and the deletion:
 * nothing outside the tree and nothing that changed may go.
 */
class CleanupSwapAttackTest {
  @TempDir Path base;
  Path root;
  Path outside;
  final Instant now = Instant.now();
  final Instant cutoff = now.minus(Duration.ofDays(7));
  final FileTime old = FileTime.from(now.minus(Duration.ofDays(30)));

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectory(base.resolve("tmp")).toRealPath();
    outside = Files.createDirectory(base.resolve("outside")).toRealPath();
  }

  Path oldFile(Path p) throws Exception {
    Files.createDirectories(p.getParent());
    Files.writeString(p, "data");
    Files.setLastModifiedTime(p, old);
    return p;
  }

  SafeDelete.Done listPlanAndDeleteAfter(ThrowingRunnable swap) throws Exception {
    TreeLister.Listing listing = new TreeLister(Set.of(), Set.of()).list(CleanupGlob.parse(root + "/*"));
    CleanupPlanner.Plan plan = CleanupPlanner.plan(listing.entries(), new CleanupPlanner.Policy(cutoff, Integer.MAX_VALUE, -1));
    swap.run();
    return SafeDelete.run(listing, plan.deletions(), cutoff, Set.of());
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void aDirectorySwappedForALinkToElsewhereIsNotEntered() throws Exception {
    oldFile(root.resolve("d/victim"));
    Path secret = oldFile(outside.resolve("victim"));
    SafeDelete.Done done = listPlanAndDeleteAfter(() -> {
      Files.move(root.resolve("d"), root.resolve("d-moved"));
      Files.createSymbolicLink(root.resolve("d"), outside);
    });
    assertTrue(Files.exists(secret), "the file outside the tree survives");
    assertEquals(List.of(), done.errors());
    assertTrue(done.skipped().contains(root.resolve("d/victim") + ": a directory above it changed since the listing"), done.skipped().toString());
  }

  @Test
  void aDirectorySwappedForAnotherDirectoryIsNotEntered() throws Exception {
    oldFile(root.resolve("d/victim"));
    SafeDelete.Done done = listPlanAndDeleteAfter(() -> {
      Files.move(root.resolve("d"), root.resolve("d-moved"));
      oldFile(root.resolve("d/victim"));
    });
    assertTrue(Files.exists(root.resolve("d/victim")), "the new directory's file is not the one listed");
    assertTrue(done.skipped().contains(root.resolve("d/victim") + ": a directory above it changed since the listing"), done.skipped().toString());
  }

  @Test
  void aFileSwappedForALinkToAFileElsewhereKeepsTheTarget() throws Exception {
    oldFile(root.resolve("f"));
    Path secret = oldFile(outside.resolve("secret"));
    SafeDelete.Done done = listPlanAndDeleteAfter(() -> {
      Files.delete(root.resolve("f"));
      Files.createSymbolicLink(root.resolve("f"), secret);
    });
    assertTrue(Files.exists(secret));
    assertTrue(Files.isSymbolicLink(root.resolve("f")), "the link swapped in is not the file listed: kept");
    // The file system may hand the freed inode to the link: then the type tells them apart.
    assertEquals(1, done.skipped().size(), done.skipped().toString());
    assertTrue(done.skipped().get(0).equals(root.resolve("f") + ": replaced since the listing")
        || done.skipped().get(0).equals(root.resolve("f") + ": changed type since the listing"), done.skipped().toString());
  }

  @Test
  void aFileWrittenAgainAfterTheListingStays() throws Exception {
    Path f = oldFile(root.resolve("f"));
    SafeDelete.Done done = listPlanAndDeleteAfter(() -> Files.writeString(f, "fresh"));
    assertTrue(Files.exists(f));
    assertEquals(List.of(f + ": modified since the listing"), done.skipped());
  }

  @Test
  void aDirectoryFilledAfterTheListingStays() throws Exception {
    Files.createDirectory(root.resolve("e"));
    Files.setLastModifiedTime(root.resolve("e"), old);
    SafeDelete.Done done = listPlanAndDeleteAfter(() -> Files.writeString(root.resolve("e/new"), "x"));
    assertTrue(Files.exists(root.resolve("e/new")));
    assertEquals(List.of(root.resolve("e") + ": no longer empty"), done.skipped());
  }
}

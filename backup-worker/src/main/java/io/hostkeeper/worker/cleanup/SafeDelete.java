package io.hostkeeper.worker.cleanup;

import io.hostkeeper.worker.cleanup.CleanupEntry.Kind;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries out a plan without following links and without trusting a path twice: the root is
 * opened and checked against the key it had when listed; each parent directory is opened relative
 * to its own parent with O_NOFOLLOW and checked against its listed key; right before the unlink
 * the entry is read again relative to that open directory (fstatat, no follow) and must still be
 * the same file (device and inode), of the same kind, older than the cutoff and not open; then it
 * is removed relative to the same descriptor (unlinkat; AT_REMOVEDIR for directories, which the
 * kernel refuses when not empty).
 *
 * <p>What remains: between that last read and the unlink another writer of the directory could
 * rename a different entry onto the same name; the unlink then removes that name (only a name in a
 * directory already pinned, never anything through a link, and in a sticky directory such as /tmp
 * only its owner or root can do that). A file opened after the open-files snapshot is deleted like
 * any other (its holder keeps its data until it closes it).
 */
final class SafeDelete {

  /** What one deletion pass did. */
  record Done(List<CleanupEntry> deleted, long bytes, List<String> skipped, List<String> errors) {}

  private SafeDelete() {}

  static Done run(TreeLister.Listing listing, List<CleanupEntry> plan, Instant cutoff, Set<Object> openKeys) throws TreeLister.Refused, IOException {
    Map<List<String>, Object> dirKeys = new HashMap<>();
    for (CleanupEntry e : listing.entries()) if (e.kind() == Kind.DIR) dirKeys.put(e.parts(), e.key());
    // Files grouped by directory, then directories in plan order (deepest first).
    Map<List<String>, List<CleanupEntry>> groups = new LinkedHashMap<>();
    List<CleanupEntry> dirs = new ArrayList<>();
    for (CleanupEntry e : plan) {
      if (e.kind() == Kind.DIR) dirs.add(e);
      else groups.computeIfAbsent(e.parent(), k -> new ArrayList<>()).add(e);
    }
    List<CleanupEntry> deleted = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    long[] bytes = {0};
    try (SecureDirectoryStream<Path> root = TreeLister.openRoot(listing.root(), listing.rootKey())) {
      for (Map.Entry<List<String>, List<CleanupEntry>> g : groups.entrySet()) {
        for (CleanupEntry e : g.getValue()) one(root, listing.root(), dirKeys, e, cutoff, openKeys, deleted, skipped, errors, bytes);
      }
      for (CleanupEntry d : dirs) one(root, listing.root(), dirKeys, d, cutoff, openKeys, deleted, skipped, errors, bytes);
    }
    return new Done(deleted, bytes[0], skipped, errors);
  }

  private static void one(SecureDirectoryStream<Path> root, Path rootPath, Map<List<String>, Object> dirKeys, CleanupEntry e,
      Instant cutoff, Set<Object> openKeys, List<CleanupEntry> deleted, List<String> skipped, List<String> errors, long[] bytes) {
    Path full = rootPath.resolve(e.relative());
    List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
    try {
      SecureDirectoryStream<Path> dir = root;
      List<String> parent = e.parent();
      for (int i = 0; i < parent.size(); i++) {
        Object listed = dirKeys.get(parent.subList(0, i + 1));
        Path part = Path.of(parent.get(i));
        // Looked at first without following, so a link swapped in is a change, not an open error.
        BasicFileAttributes here = dir.getFileAttributeView(part, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (!here.isDirectory() || !here.fileKey().equals(listed)) {
          skipped.add(full + ": a directory above it changed since the listing");
          return;
        }
        SecureDirectoryStream<Path> next = dir.newDirectoryStream(part, LinkOption.NOFOLLOW_LINKS);
        opened.add(next);
        if (!next.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey().equals(listed)) {
          skipped.add(full + ": a directory above it changed since the listing");
          return;
        }
        dir = next;
      }
      Path name = Path.of(e.name());
      PosixFileAttributes now = dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
      String changed = changed(e, now, cutoff, openKeys);
      if (changed != null) {
        skipped.add(full + ": " + changed);
        return;
      }
      if (e.kind() == Kind.DIR) {
        dir.deleteDirectory(name);
      } else {
        dir.deleteFile(name);
        bytes[0] += now.size();
      }
      deleted.add(e);
    } catch (NoSuchFileException x) {
      skipped.add(full + ": gone already");
    } catch (DirectoryNotEmptyException x) {
      skipped.add(full + ": no longer empty");
    } catch (IOException | RuntimeException x) {
      errors.add(full + ": " + x.getMessage());
    } finally {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (IOException ignored) {
          // a directory stream that cannot be closed leaks nothing we rely on
        }
      }
    }
  }

  /** Null when the entry is still what was planned; otherwise why it stays. */
  static String changed(CleanupEntry planned, PosixFileAttributes now, Instant cutoff, Set<Object> openKeys) {
    if (!planned.key().equals(now.fileKey())) return "replaced since the listing";
    Kind kind = now.isRegularFile() ? Kind.FILE : now.isSymbolicLink() ? Kind.LINK : now.isDirectory() ? Kind.DIR : Kind.OTHER;
    if (kind != planned.kind()) return "changed type since the listing";
    if (kind != Kind.DIR && !now.lastModifiedTime().toInstant().isBefore(cutoff)) return "modified since the listing";
    if (openKeys.contains(now.fileKey())) return "open by a process";
    return null;
  }
}

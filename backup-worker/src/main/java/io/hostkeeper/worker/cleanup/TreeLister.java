package io.hostkeeper.worker.cleanup;

import io.hostkeeper.common.config.CleanupGlob;
import io.hostkeeper.worker.cleanup.CleanupEntry.Kind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists what lies below a glob's root without following links: each directory is opened relative
 * to its parent's open descriptor ({@link SecureDirectoryStream}, openat with O_NOFOLLOW), each
 * entry is read with fstatat relative to that descriptor, and its device (the one thing the open
 * descriptor's attributes do not expose) is read by path and accepted only when the path still
 * leads to the same file key. A directory on another device or listed as a mount point (a bind
 * mount keeps its device) is not entered.
 */
final class TreeLister {
  static final int MAX_DEPTH = 64;
  static final int MAX_ENTRIES = 200_000;

  /**
   * @param rootKey the root's file key when listed (the deletion checks it again)
   * @param entries everything listed, selected or not
   * @param notes what could not be listed, for the run's details
   */
  record Listing(Path root, Object rootKey, List<CleanupEntry> entries, List<String> notes) {}

  /** The root cannot be cleaned (missing, a link, reached through a link, not a directory, no openat). */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private final Set<Object> openKeys;
  private final Set<Path> mountPoints;
  private final List<CleanupEntry> entries = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private PathMatcher matcher;
  private int depthLimit;
  private long rootDev;
  private boolean truncated;

  /**
   * @param openKeys file keys of files some process holds open
   * @param mountPoints mount points, never entered (a bind mount keeps its device number)
   */
  TreeLister(Set<Object> openKeys, Set<Path> mountPoints) {
    this.openKeys = openKeys;
    this.mountPoints = mountPoints;
  }

  Listing list(CleanupGlob glob) throws Refused, IOException {
    entries.clear();
    notes.clear();
    truncated = false;
    matcher = glob.matcher();
    depthLimit = glob.depth();
    Path root = glob.root();
    Map<String, Object> a;
    try {
      a = Files.readAttributes(root, "unix:dev,fileKey,isDirectory,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new Refused(root + " does not exist");
    }
    if ((Boolean) a.get("isSymbolicLink")) throw new Refused(root + " is a symbolic link; write the directory it leads to");
    if (!(Boolean) a.get("isDirectory")) throw new Refused(root + " is not a directory");
    Path real = root.toRealPath();
    if (!real.equals(root)) throw new Refused(root + " is reached through a symbolic link (it is " + real + "); write the real path");
    rootDev = ((Number) a.get("dev")).longValue();
    Object rootKey = a.get("fileKey");
    try (SecureDirectoryStream<Path> sds = openRoot(root, rootKey)) {
      walk(sds, root, List.of(), false, 0);
    }
    if (truncated) notes.add("listing stopped at " + MAX_ENTRIES + " entries; directories are kept this run");
    List<CleanupEntry> out = entries;
    if (truncated) out = entries.stream().map(e -> e.kind() == Kind.DIR ? incomplete(e) : e).toList();
    return new Listing(root, rootKey, List.copyOf(out), List.copyOf(notes));
  }

  /** Opens {@code root} as a secure directory stream and checks it is the directory {@code key} names. */
  static SecureDirectoryStream<Path> openRoot(Path root, Object key) throws Refused, IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(root);
    if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
      ds.close();
      throw new Refused("this platform cannot delete relative to an open directory (no openat), so cleanup does not run here");
    }
    Object opened = sds.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
    if (!opened.equals(key)) {
      sds.close();
      throw new Refused(root + " changed while it was opened; try again");
    }
    return sds;
  }

  /** Lists one directory; true when every entry in it (and below, for listed directories) was read. */
  private boolean walk(SecureDirectoryStream<Path> dir, Path dirPath, List<String> parts, boolean selected, int depth) {
    boolean complete = true;
    for (Path child : dir) {
      if (entries.size() >= MAX_ENTRIES) {
        truncated = true;
        return false;
      }
      Path name = child.getFileName();
      Path full = dirPath.resolve(name.toString());
      List<String> childParts = append(parts, name.toString());
      PosixFileAttributes pa;
      long dev;
      try {
        pa = dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        Map<String, Object> byPath = Files.readAttributes(full, "unix:dev,fileKey", LinkOption.NOFOLLOW_LINKS);
        if (!pa.fileKey().equals(byPath.get("fileKey"))) {
          notes.add(full + " changed while it was listed; kept");
          complete = false;
          continue;
        }
        dev = ((Number) byPath.get("dev")).longValue();
      } catch (IOException | RuntimeException e) {
        notes.add(full + ": " + e.getMessage() + "; kept");
        complete = false;
        continue;
      }
      Kind kind = pa.isRegularFile() ? Kind.FILE : pa.isSymbolicLink() ? Kind.LINK : pa.isDirectory() ? Kind.DIR : Kind.OTHER;
      boolean sameDevice = dev == rootDev && !mountPoints.contains(full);
      boolean childSelected = selected || matcher.matches(full);
      boolean childComplete = true;
      if (kind == Kind.DIR && sameDevice && (childSelected || depthLimit < 0 || depth + 1 < depthLimit)) {
        childComplete = descend(dir, name, full, childParts, childSelected, depth + 1, pa.fileKey());
      }
      if (!childComplete && childSelected) complete = false;
      entries.add(new CleanupEntry(childParts, kind, kind == Kind.DIR ? 0 : pa.size(), pa.lastModifiedTime().toInstant(),
          pa.fileKey(), sameDevice, openKeys.contains(pa.fileKey()), childSelected, childComplete));
    }
    return complete;
  }

  private boolean descend(SecureDirectoryStream<Path> dir, Path name, Path full, List<String> parts, boolean selected, int depth, Object key) {
    if (depth > MAX_DEPTH) {
      notes.add(full + ": deeper than " + MAX_DEPTH + " levels; not entered");
      return false;
    }
    try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      if (!sub.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey().equals(key)) {
        notes.add(full + " changed while it was listed; kept");
        return false;
      }
      return walk(sub, full, parts, selected, depth);
    } catch (IOException | RuntimeException e) {
      notes.add(full + ": " + e.getMessage() + "; not entered");
      return false;
    }
  }

  private static CleanupEntry incomplete(CleanupEntry e) {
    return new CleanupEntry(e.parts(), e.kind(), e.size(), e.modified(), e.key(), e.sameDevice(), e.open(), e.selected(), false);
  }

  private static List<String> append(List<String> parts, String name) {
    List<String> out = new ArrayList<>(parts);
    out.add(name);
    return out;
  }
}

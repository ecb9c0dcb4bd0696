package io.hostkeeper.worker.backup.archive;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The disk side of a restore, all inside one target directory that only this user can enter while
 * it runs (a new target is created 0700; an existing one must be ours and not writable by others).
 * Directories are created 0700 and get their archived mode at the end; files are written to
 * exclusive temporary names (0600, never through a link) and renamed to their real names only once
 * verified; nothing ever follows a link: attributes are set with NOFOLLOW on the object itself.
 */
final class RestoreTarget {
  static final String TEMP_PREFIX = ".hk-restore-";

  /** A file written under a temporary name, waiting for its hash to be checked. */
  record PendingFile(String name, Path temp, Path dest, int mode, FileTime mtime) {}

  final Path root;
  private final boolean force;
  private final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final List<Path> temps = new ArrayList<>();
  private int counter;

  private RestoreTarget(Path root, boolean force) {
    this.root = root;
    this.force = force;
  }

  static RestoreTarget prepare(Path target, boolean force) throws IOException {
    Path abs = target.toAbsolutePath();
    if (Files.isSymbolicLink(abs)) {
      throw new ArchiveRestorer.Refused(target + " is a symbolic link; give the directory it points to ("
          + Files.readSymbolicLink(abs) + ") if that is where to restore");
    }
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) throw new ArchiveRestorer.Refused(target + " exists and is not a directory");
      try (var s = Files.list(abs)) {
        if (s.findAny().isPresent() && !force) {
          throw new ArchiveRestorer.Refused(target + " is not empty; restore into an empty directory, or add --force to overwrite");
        }
      }
      Path real = abs.toRealPath();
      checkPrivate(target, real);
      return new RestoreTarget(real, force);
    }
    Path parent = abs.getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(SafeFiles.PRIVATE_DIR));
    SafeFiles.setModeNoFollow(abs, SafeFiles.PRIVATE_DIR);
    return new RestoreTarget(abs.toRealPath(), force);
  }

  /** Another user who can write in the target could swap a directory for a link mid-restore. */
  private static void checkPrivate(Path given, Path real) throws IOException {
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return;
    }
    String me = System.getProperty("user.name");
    boolean othersWrite = a.permissions().contains(PosixFilePermission.GROUP_WRITE)
        || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    if (othersWrite || (me != null && !a.owner().getName().equals(me))) {
      throw new ArchiveRestorer.Refused(given + " is owned by " + a.owner().getName() + " with mode "
          + PosixFilePermissions.toString(a.permissions()) + "; other users could change it during the restore."
          + " Restore into a new directory (it is created 0700), or into one only you can write");
    }
  }

  /** Makes {@code rel} and every directory above it, refusing any link or non-directory on the way. */
  void directories(String rel) throws IOException {
    Path p = root;
    for (String part : LinkResolver.split(rel)) {
      p = p.resolve(part);
      BasicFileAttributes a;
      try {
        a = SafeFiles.lstat(p);
      } catch (NoSuchFileException e) {
        try {
          Files.createDirectory(p, PosixFilePermissions.asFileAttribute(SafeFiles.PRIVATE_DIR));
          continue;
        } catch (FileAlreadyExistsException raced) {
          a = SafeFiles.lstat(p);
        }
      }
      if (a.isSymbolicLink()) {
        throw new ArchiveRestorer.Unsafe("archive entries below " + root.relativize(p) + " would be written through"
            + " a symlink in the target");
      }
      if (!a.isDirectory()) {
        throw new ArchiveRestorer.Refused(root.relativize(p) + " exists in the target and is not a directory;"
            + " restore into an empty directory");
      }
    }
  }

  /** A new exclusive temporary file beside where {@code name} will go (its directories made first). */
  FileChannel create(String name, int mode, FileTime mtime, List<PendingFile> into) throws IOException {
    String parent = LinkResolver.parentOf(name);
    directories(parent);
    Path dir = parent.isEmpty() ? root : root.resolve(parent);
    Path temp = dir.resolve(TEMP_PREFIX + runId + "-" + (++counter));
    FileChannel ch = SafeFiles.createNew(temp, SafeFiles.PRIVATE_FILE);
    temps.add(temp);
    into.add(new PendingFile(name, temp, root.resolve(name), mode, mtime));
    return ch;
  }

  /** Gives a verified file its archived mode and time (on the file itself) and its real name. */
  String publish(PendingFile f) {
    try {
      SafeFiles.setModeNoFollow(f.temp(), perms(f.mode()));
      SafeFiles.setMtimeNoFollow(f.temp(), f.mtime());
      if (Files.isDirectory(f.dest(), LinkOption.NOFOLLOW_LINKS)) {
        return f.name() + ": a directory is in the way; not restored";
      }
      if (!force && Files.exists(f.dest(), LinkOption.NOFOLLOW_LINKS) && !wroteEarlier(f.dest())) {
        return f.name() + ": already exists in the target; not overwritten (add --force)";
      }
      Files.move(f.temp(), f.dest(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temps.remove(f.temp());
      published.add(f.dest());
      return null;
    } catch (IOException | RuntimeException e) {
      return f.name() + ": not restored (" + e.getMessage() + ")";
    }
  }

  private final List<Path> published = new ArrayList<>();

  private boolean wroteEarlier(Path dest) {
    return published.contains(dest);
  }

  /** Deletes every temporary file not renamed into place. */
  void discardTemps() {
    for (Path t : new ArrayList<>(temps)) {
      try {
        SafeFiles.deleteIfExists(t);
        temps.remove(t);
      } catch (IOException ignored) {
        // left for the user; the restore already reports the failure
      }
    }
  }

  /** The target of a symlink already in the target at {@code rel} (pre-existing, with --force), else null. */
  String diskLinkAt(String rel) {
    Path p = root.resolve(rel);
    try {
      return Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Creates a symlink decided safe by {@link MemberPolicy#finishLinks}; returns a problem or null. */
  String symlink(String name, String target) {
    Path dest = root.resolve(name);
    try {
      directories(LinkResolver.parentOf(name));
      BasicFileAttributes a = lstatOrNull(dest);
      if (a != null) {
        if (a.isDirectory()) return "symlink " + name + ": a directory is in the way; not created";
        if (!force && !wroteEarlier(dest)) return "symlink " + name + ": already exists in the target; not overwritten (add --force)";
        SafeFiles.deleteIfExists(dest);
      }
      Files.createSymbolicLink(dest, Path.of(target));
      return null;
    } catch (IOException | RuntimeException e) {
      return "symlink " + name + " -> " + target + ": not created (" + e.getMessage() + ")";
    }
  }

  /** Creates a hard link to a file restored by this run; returns a problem or null. */
  String hardlink(String name, String target) {
    Path dest = root.resolve(name);
    Path existing = root.resolve(target);
    if (!published.contains(existing)) return "hard link " + name + " -> " + target + ": its file was not restored; not created";
    try {
      directories(LinkResolver.parentOf(name));
      BasicFileAttributes a = lstatOrNull(dest);
      if (a != null) {
        if (a.isDirectory() || (!force && !wroteEarlier(dest))) return "hard link " + name + ": something is in the way; not created";
        SafeFiles.deleteIfExists(dest);
      }
      Files.createLink(dest, existing); // link(2): a symlink at the source is not followed
      published.add(dest);
      return null;
    } catch (IOException | RuntimeException e) {
      return "hard link " + name + " -> " + target + ": not created (" + e.getMessage() + ")";
    }
  }

  /** The archived mode and time of a directory, on the directory itself (a link there is refused). */
  String directoryAttributes(String name, int mode, FileTime mtime) {
    Path p = root.resolve(name);
    try {
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return null;
      SafeFiles.setModeNoFollow(p, perms(mode));
      SafeFiles.setMtimeNoFollow(p, mtime);
      return null;
    } catch (IOException | RuntimeException e) {
      return name + ": mode and time not set (" + e.getMessage() + ")";
    }
  }

  private static BasicFileAttributes lstatOrNull(Path p) throws IOException {
    try {
      return SafeFiles.lstat(p);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static Set<PosixFilePermission> perms(int mode) {
    return Modes.toPermissions(mode);
  }
}

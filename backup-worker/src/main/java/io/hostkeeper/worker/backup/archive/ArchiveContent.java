package io.hostkeeper.worker.backup.archive;

import io.hostkeeper.common.config.BackupConfig.UnreadablePolicy;
import io.hostkeeper.common.config.SourceConfig;
import io.hostkeeper.common.fs.RegularFileInput;
import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Walks a backup's sources and writes them into a {@link TarWriter}: file trees with their
 * include/exclude globs (symlinks stored, not followed), and SQLite databases as consistent
 * snapshots (with their CSV exports, read from that same snapshot, when the source asks for them). Member names are the absolute paths without the leading '/', as GNU tar does.
 *
 * <p>Files are opened without blocking and without following links ({@link SafeFiles#openRegularNonBlocking}),
 * and archived with the size and attributes of the file actually opened. A file that vanishes
 * during the walk, or is swapped for a link, FIFO, socket or device between the walk and the open,
 * is left out and noted in the manifest's problems; the run goes on. Directories listed as excluded
 * (the destination, the worker's data directory) are never entered, so no archive holds archives.
 */
public final class ArchiveContent {

  /**
   * Opens a file for reading; tests inject failures (unreadable files, files swapped between the
   * walk and the open) through it. When the stream is a {@link RegularFileInput}, its size and
   * attributes are the ones archived; otherwise the walk's.
   */
  @FunctionalInterface
  public interface FileOpener {
    InputStream open(Path file) throws IOException;
  }

  /** The production opener: non-blocking, no-follow, type checked on the open file. */
  public static final FileOpener SAFE_OPENER = SafeFiles::openRegularNonBlocking;

  /** A directory never archived, and the reason noted when the walk meets it. */
  public record Excluded(Path dir, String why) {}

  private final List<SourceConfig> sources;
  private final UnreadablePolicy onUnreadable;
  private final Path scratchDir;
  private final FileOpener opener;
  private final List<Excluded> excluded;
  private final List<Manifest.Problem> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<Object, String> excludedKeys = new java.util.HashMap<>();
  private volatile Path current;

  public ArchiveContent(List<SourceConfig> sources, UnreadablePolicy onUnreadable, Path scratchDir, FileOpener opener) {
    this(sources, onUnreadable, scratchDir, opener, List.of());
  }

  public ArchiveContent(List<SourceConfig> sources, UnreadablePolicy onUnreadable, Path scratchDir, FileOpener opener,
      List<Excluded> excluded) {
    this.sources = List.copyOf(sources);
    this.onUnreadable = onUnreadable == null ? UnreadablePolicy.FAIL : onUnreadable;
    this.scratchDir = scratchDir;
    this.opener = opener == null ? SAFE_OPENER : opener;
    this.excluded = List.copyOf(excluded);
  }

  /** The path being read now (for a timeout's message); null between files. */
  public Path current() {
    return current;
  }

  /** Problems recorded so far (skipped files, files that changed while read, missing_ok sources). */
  public List<Manifest.Problem> problems() {
    return List.copyOf(problems);
  }

  public void writeTo(TarWriter tar) throws IOException {
    for (Excluded x : excluded) {
      try {
        Object key = Files.readAttributes(x.dir(), BasicFileAttributes.class).fileKey();
        if (key != null) excludedKeys.put(key, x.why());
      } catch (IOException e) {
        // not there (yet): nothing of it can be met in the walk either
      }
    }
    for (SourceConfig s : sources) {
      if (s.path() != null) writePath(tar, s);
      else writeSqlite(tar, s);
    }
  }

  static String memberName(Path absolute) {
    String s = absolute.toString().replace('\\', '/');
    while (s.startsWith("/")) s = s.substring(1);
    return s;
  }

  private void writeSqlite(TarWriter tar, SourceConfig s) throws IOException {
    Path db = s.sqlite().toAbsolutePath().normalize();
    if (!Files.exists(db, LinkOption.NOFOLLOW_LINKS) && !Files.exists(db)) {
      missing(db, s.missingOk(), "SQLite database");
      return;
    }
    SafeFiles.createDirectories(scratchDir, SafeFiles.PRIVATE_DIR);
    Path snap = scratchDir.resolve("snapshot-" + System.nanoTime() + ".db");
    try {
      SqliteSnapshot.take(db, snap);
      TarWriter.Attrs original = attrs(db.toRealPath());
      TarWriter.Attrs attrs = new TarWriter.Attrs(original.mode(), System.currentTimeMillis(), original.uid(), original.gid());
      current = db;
      try (InputStream in = Files.newInputStream(snap)) {
        tar.file(memberName(db), Files.size(snap), attrs, in);
      }
      if (s.csv() != null) {
        new io.hostkeeper.worker.backup.csv.SqliteCsvExport(db, s.csv(), scratchDir)
            .export(snap, memberName(db), new io.hostkeeper.worker.backup.csv.CsvTarSink(tar, attrs));
      }
    } finally {
      current = null;
      Files.deleteIfExists(snap);
    }
  }

  private void missing(Path p, boolean missingOk, String what) throws SourceProblem {
    if (!missingOk) {
      throw new SourceProblem(what + " " + p + " does not exist; fix the path or set missing_ok: true on this source");
    }
    problems.add(new Manifest.Problem(p.toString(), "missing (missing_ok)"));
  }

  private void writePath(TarWriter tar, SourceConfig s) throws IOException {
    Path root = s.path().toAbsolutePath().normalize();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      missing(root, s.missingOk(), "source");
      return;
    }
    Globs include = new Globs(s.include());
    Globs exclude = new Globs(s.exclude());
    Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new Walker(tar, root, include, exclude));
  }

  private final class Walker extends SimpleFileVisitor<Path> {
    private final TarWriter tar;
    private final Path root;
    private final Globs include;
    private final Globs exclude;
    /** Directories entered but not yet written (with include globs, written only when needed). */
    private final Deque<Pending> dirs = new ArrayDeque<>();

    Walker(TarWriter tar, Path root, Globs include, Globs exclude) {
      this.tar = tar;
      this.root = root;
      this.include = include;
      this.exclude = exclude;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
      Path rel = root.relativize(dir);
      boolean isRoot = rel.toString().isEmpty();
      if (!isRoot && exclude.matches(rel)) return FileVisitResult.SKIP_SUBTREE;
      String why = a.fileKey() == null ? null : excludedKeys.get(a.fileKey());
      if (why != null) {
        problems.add(new Manifest.Problem(dir.toString(), why + "; left out"));
        return FileVisitResult.SKIP_SUBTREE;
      }
      boolean parentIncluded = dirs.isEmpty() ? include.isEmpty() : dirs.peek().included;
      boolean included = parentIncluded || (!isRoot && include.matches(rel));
      TarWriter.Attrs dirAttrs;
      try {
        dirAttrs = attrs(dir);
      } catch (java.nio.file.NoSuchFileException e) {
        problems.add(new Manifest.Problem(dir.toString(), "vanished while the backup ran; skipped"));
        return FileVisitResult.SKIP_SUBTREE;
      }
      Pending p = new Pending(dir, dirAttrs, included);
      dirs.push(p);
      if (included) flushDirs();
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
      dirs.pop();
      if (exc instanceof java.nio.file.NoSuchFileException) {
        problems.add(new Manifest.Problem(dir.toString(), "vanished while the backup ran; partly archived"));
      } else if (exc != null) {
        unreadable(dir, exc);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
      Path rel = root.relativize(file);
      boolean isRoot = rel.toString().isEmpty();
      if (!isRoot && exclude.matches(rel)) return FileVisitResult.CONTINUE;
      boolean parentIncluded = dirs.isEmpty() ? include.isEmpty() : dirs.peek().included;
      if (!isRoot && !parentIncluded && !include.matches(rel)) return FileVisitResult.CONTINUE;
      String name = memberName(file);
      if (a.isSymbolicLink()) {
        String target;
        TarWriter.Attrs linkAttrs;
        try {
          target = Files.readSymbolicLink(file).toString();
          linkAttrs = attrs(file);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotLinkException e) {
          problems.add(new Manifest.Problem(file.toString(), "vanished or changed while the backup ran; skipped"));
          return FileVisitResult.CONTINUE;
        }
        flushDirs();
        tar.symlink(name, target, linkAttrs);
      } else if (a.isRegularFile()) {
        writeFile(file, name, a);
      } else {
        problems.add(new Manifest.Problem(file.toString(), "not a regular file, directory or symlink; skipped"));
      }
      return FileVisitResult.CONTINUE;
    }

    private void writeFile(Path file, String name, BasicFileAttributes a) throws IOException {
      InputStream in;
      try {
        in = opener.open(file);
      } catch (java.nio.file.NoSuchFileException e) {
        problems.add(new Manifest.Problem(file.toString(), "vanished while the backup ran; skipped"));
        return;
      } catch (SafeFiles.NotRegularFileException e) {
        problems.add(new Manifest.Problem(file.toString(), "became " + e.type() + " while the backup ran; skipped"));
        return;
      } catch (IOException e) {
        unreadable(file, e);
        return;
      }
      current = file;
      try (in) {
        flushDirs();
        long size;
        TarWriter.Attrs attrs;
        if (in instanceof RegularFileInput r) {
          RegularFileInput.Attributes o = r.attributes();
          size = o.size();
          attrs = new TarWriter.Attrs(o.mode(), o.mtimeMillis(), o.uid(), o.gid());
        } else {
          size = a.size();
          attrs = attrs(file);
        }
        String note = tar.file(name, size, attrs, in);
        if (note != null) problems.add(new Manifest.Problem(file.toString(), note));
      } finally {
        current = null;
      }
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
      if (exc instanceof java.nio.file.NoSuchFileException) {
        problems.add(new Manifest.Problem(file.toString(), "vanished while the backup ran; skipped"));
        return FileVisitResult.CONTINUE;
      }
      unreadable(file, exc);
      return FileVisitResult.CONTINUE;
    }

    private void flushDirs() throws IOException {
      List<Pending> chain = new ArrayList<>(dirs);
      for (int i = chain.size() - 1; i >= 0; i--) {
        Pending p = chain.get(i);
        if (p.written) continue;
        String name = memberName(p.dir);
        if (!name.isEmpty()) tar.directory(name, p.attrs);
        p.written = true;
      }
    }
  }

  private void unreadable(Path file, IOException e) throws SourceProblem {
    String why = e.getClass().getSimpleName().replace("Exception", "") + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (e instanceof java.nio.file.AccessDeniedException) why = "permission denied";
    if (onUnreadable == UnreadablePolicy.FAIL) {
      throw new SourceProblem("cannot read " + file + " (" + why + "); fix its permissions, exclude it, or set on_unreadable: skip", e);
    }
    problems.add(new Manifest.Problem(file.toString(), "unreadable, skipped (" + why + ")"));
  }

  private static final class Pending {
    final Path dir;
    final TarWriter.Attrs attrs;
    final boolean included;
    boolean written;

    Pending(Path dir, TarWriter.Attrs attrs, boolean included) {
      this.dir = dir;
      this.attrs = attrs;
      this.included = included;
    }
  }

  static TarWriter.Attrs attrs(Path p) throws IOException {
    Map<String, Object> m = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    return new TarWriter.Attrs((Integer) m.get("mode"),
        ((java.nio.file.attribute.FileTime) m.get("lastModifiedTime")).toMillis(),
        (Integer) m.get("uid"), (Integer) m.get("gid"));
  }
}

package io.hostkeeper.common.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * File primitives for a process that may run as root over directories other users can write:
 * files are created exclusively ({@code O_CREAT|O_EXCL}, never through a link) with their final
 * mode, attributes are set without following links, and a durable write is temp + fsync + atomic
 * rename + directory fsync. Every method here is safe against a symlink planted at the path.
 */
public final class SafeFiles {
  /** rw------- */
  public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
  /** rwx------ */
  public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private SafeFiles() {}

  /**
   * Creates {@code file}, which must not exist (a link there counts as existing), with {@code mode},
   * and opens it for writing. The mode is set at creation and again through the new file (umask may
   * have narrowed it), never by a path another user can swap.
   */
  public static FileChannel createNew(Path file, Set<PosixFilePermission> mode, OpenOption... extra) throws IOException {
    Set<OpenOption> opts = new HashSet<>(Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS));
    opts.addAll(Set.of(extra));
    FileChannel ch = POSIX
        ? FileChannel.open(file, opts, PosixFilePermissions.asFileAttribute(mode))
        : FileChannel.open(file, opts, new FileAttribute<?>[0]);
    try {
      setModeNoFollow(file, mode);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  /** Opens an existing regular file for reading without following a link at its last component. */
  public static FileChannel openRegularForRead(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    return ch;
  }

  /** lstat: the attributes of the path itself, a link not followed. */
  public static BasicFileAttributes lstat(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** Sets the permissions of {@code p} itself (O_NOFOLLOW open + fchmod); a link there is refused. */
  public static void setModeNoFollow(Path p, Set<PosixFilePermission> mode) throws IOException {
    if (!POSIX) return;
    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    view.setPermissions(mode);
  }

  /** Sets the modification time of {@code p} itself, a link not followed. */
  public static void setMtimeNoFollow(Path p, FileTime time) throws IOException {
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, null, null);
  }

  /**
   * Writes {@code bytes} to {@code target} durably and atomically: a temporary sibling created
   * exclusively with {@code mode}, fsynced, renamed over the target, and the directory fsynced.
   * A reader sees the old content or the new, never a part.
   */
  public static void writeAtomically(Path target, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
    writeAtomically(target, mode, out -> out.write(bytes));
  }

  /** What {@link #writeAtomically(Path, Set, Content)} puts in the file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * As {@link #writeAtomically(Path, byte[], Set)}, with the content written by {@code content}.
   * If it (or anything after it) fails, the temporary file is removed and the target is as it was.
   */
  public static void writeAtomically(Path target, Set<PosixFilePermission> mode, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".hk-tmp-" + Long.toHexString(System.nanoTime()));
    try {
      try (FileChannel ch = createNew(tmp, mode)) {
        OutputStream out = Channels.newOutputStream(ch);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      renameDurably(tmp, abs);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the original error is the one to report
      }
      throw e;
    }
  }

  /** Atomic rename (replacing {@code to}), then fsync of the target's directory. */
  public static void renameDurably(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + from + " to " + to + " atomically (" + e.getMessage()
          + "); keep both on one file system", e);
    }
    fsyncDirectory(to.toAbsolutePath().getParent());
  }

  /** fsync of a directory, so a rename or create in it survives a power cut; a refusal is ignored. */
  public static void fsyncDirectory(Path dir) {
    if (dir == null) return;
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to fsync a directory; the rename itself is still atomic there.
    }
  }

  /** Creates {@code dir} (and parents) when missing; a new leaf directory gets {@code mode}. */
  public static void createDirectories(Path dir, Set<PosixFilePermission> mode) throws IOException {
    Path abs = dir.toAbsolutePath();
    if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) return;
    Path parent = abs.getParent();
    if (parent != null) Files.createDirectories(parent);
    try {
      if (POSIX) Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(mode));
      else Files.createDirectory(abs);
      setModeNoFollow(abs, mode);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      if (!Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(abs + " exists and is not a directory (or is a symbolic link)", e);
      }
    }
  }

  /** Deletes {@code p} itself if it exists (a link is removed, never its target). */
  public static boolean deleteIfExists(Path p) throws IOException {
    try {
      Files.delete(p);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * Opens the regular file {@code file} itself, never through a link: the path is lstat'ed, opened
   * with {@code NOFOLLOW_LINKS} and lstat'ed again, and the two file keys (device and inode) must
   * be the same regular file, so what the channel reads or writes is the file that was checked.
   * A link, a directory, a device or a file swapped in between is refused with a
   * {@link java.nio.file.FileSystemException} naming the path.
   */
  public static FileChannel openRegularNoFollow(Path file, OpenOption... options) throws IOException {
    BasicFileAttributes before = lstat(file);
    requireRegular(file, before);
    Set<OpenOption> opts = new HashSet<>(Set.of(options));
    opts.add(LinkOption.NOFOLLOW_LINKS);
    if (!opts.contains(StandardOpenOption.WRITE) && !opts.contains(StandardOpenOption.APPEND)) opts.add(StandardOpenOption.READ);
    FileChannel ch;
    try {
      ch = FileChannel.open(file, opts);
    } catch (java.nio.file.FileSystemException e) {
      if (Files.isSymbolicLink(file)) throw notFollowed(file);
      throw e;
    }
    try {
      BasicFileAttributes after = lstat(file);
      requireRegular(file, after);
      if (before.fileKey() == null || !before.fileKey().equals(after.fileKey())) {
        throw new java.nio.file.FileSystemException(file.toString(), null, "was replaced while being opened; refused");
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  /**
   * Opens the regular file {@code file} for reading without blocking and without following a link:
   * on Linux one open(2) with {@code O_NOFOLLOW|O_NONBLOCK} and fstat on the open descriptor, so a
   * FIFO, socket or device swapped in after a walk's lstat is refused at once instead of hanging the
   * reader; the attributes returned are those of the file opened. Where that is not available
   * ({@link #nonBlockingOpenUnavailable()}), the path is lstat'ed, opened with NOFOLLOW_LINKS and
   * checked again as {@link #openRegularNoFollow} does; a FIFO swapped in between can then block the
   * open, which the caller must bound.
   *
   * @throws NotRegularFileException when the path is (now) a link, FIFO, socket, device or directory
   * @throws NoSuchFileException when it is gone
   */
  public static RegularFileInput openRegularNonBlocking(Path file) throws IOException {
    if (NativeOpen.UNAVAILABLE == null) return NativeOpen.open(file);
    BasicFileAttributes before = lstat(file);
    if (!before.isRegularFile()) throw new NotRegularFileException(file, before.isSymbolicLink() ? "a symbolic link"
        : before.isDirectory() ? "a directory" : "not a regular file");
    FileChannel ch = openRegularNoFollow(file);
    try {
      java.util.Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,gid,lastModifiedTime,size,dev,ino",
          LinkOption.NOFOLLOW_LINKS);
      RegularFileInput.Attributes attrs = new RegularFileInput.Attributes((Long) a.get("size"), (Integer) a.get("mode") & 07777,
          (Integer) a.get("uid"), (Integer) a.get("gid"), ((FileTime) a.get("lastModifiedTime")).toMillis(),
          a.get("dev") + ":" + a.get("ino"));
      java.io.InputStream in = java.nio.channels.Channels.newInputStream(ch);
      return new RegularFileInput(attrs) {
        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
          in.close();
        }
      };
    } catch (IOException | RuntimeException | Error e) {
      ch.close();
      throw e;
    }
  }

  /** Why {@link #openRegularNonBlocking} cannot avoid blocking here; null when it can. */
  public static String nonBlockingOpenUnavailable() {
    return NativeOpen.UNAVAILABLE;
  }

  /**
   * Removes the permission bits outside {@code allowed} from {@code p} itself (a link is never
   * followed; only a regular file or a directory is changed). Returns the mode it had when it was
   * changed ("rw-r--r--"), or null when nothing needed changing or it does not exist.
   */
  public static String tightenNoFollow(Path p, Set<PosixFilePermission> allowed) throws IOException {
    if (!POSIX) return null;
    java.nio.file.attribute.PosixFileAttributes a;
    try {
      a = Files.readAttributes(p, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (a.isSymbolicLink()) throw notFollowed(p);
    if (!a.isRegularFile() && !a.isDirectory()) throw new NotRegularFileException(p, "neither a regular file nor a directory");
    Set<PosixFilePermission> now = a.permissions();
    if (allowed.containsAll(now)) return null;
    Set<PosixFilePermission> narrowed = new HashSet<>(now);
    narrowed.retainAll(allowed);
    setModeNoFollow(p, narrowed);
    return PosixFilePermissions.toString(now);
  }

  /** The path is not (or no longer) a regular file: a link, FIFO, socket, device or directory. */
  public static final class NotRegularFileException extends java.nio.file.FileSystemException {
    private final String type;

    public NotRegularFileException(Path file, String type) {
      super(file.toString(), null, "is " + type + ", not a regular file; refused");
      this.type = type;
    }

    /** What it is instead ("a FIFO (named pipe)", "a symbolic link", ...). */
    public String type() {
      return type;
    }
  }

  /**
   * Reads a small regular file the caller named on purpose (a link there is followed, as the
   * user chose the path), never blocking for long and never reading more than {@code maxBytes}:
   * the path must be a regular file before the open (a FIFO, a device such as {@code /dev/zero} or
   * a directory is refused without being opened), must still be that same file once open (device
   * and inode compared), and the open and the read together must finish within {@code timeout}.
   * Java cannot open with {@code O_NONBLOCK}, so an open that a file swapped for a FIFO would hang
   * runs on a daemon thread that is abandoned at the deadline.
   *
   * @throws FileTooLargeException when the file holds more than {@code maxBytes}
   * @throws java.nio.file.FileSystemException naming the path for the other refusals
   */
  public static byte[] readSmallRegularFile(Path file, int maxBytes, java.time.Duration timeout) throws IOException {
    BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
    requireRegularTarget(file, before);
    if (before.size() > maxBytes) throw new FileTooLargeException(file, before.size(), maxBytes);
    java.util.concurrent.FutureTask<byte[]> read = new java.util.concurrent.FutureTask<>(() -> {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
        requireRegularTarget(file, after);
        if (before.fileKey() == null || !before.fileKey().equals(after.fileKey())) {
          throw new java.nio.file.FileSystemException(file.toString(), null, "was replaced while being opened; refused");
        }
        // Up to one byte past the limit, in buffers that grow with what is there (not the limit at once).
        byte[] out = java.nio.channels.Channels.newInputStream(ch).readNBytes(maxBytes + 1);
        if (out.length > maxBytes) throw new FileTooLargeException(file, -1, maxBytes);
        return out;
      }
    });
    Thread t = new Thread(read, "read-" + file.getFileName());
    t.setDaemon(true);
    t.start();
    try {
      return read.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      read.cancel(true);
      throw new java.nio.file.FileSystemException(file.toString(), null,
          "could not be read within " + timeout.toSeconds() + "s (a FIFO or a hung file system?); refused");
    } catch (InterruptedException e) {
      read.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading " + file);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      throw new IOException("cannot read " + file + ": " + e.getCause(), e.getCause());
    }
  }

  /** {@link #readSmallRegularFile} refused a file above its limit. */
  public static final class FileTooLargeException extends java.nio.file.FileSystemException {
    private final long size;
    private final int limit;

    FileTooLargeException(Path file, long size, int limit) {
      super(file.toString(), null, "is larger than " + limit + " bytes" + (size >= 0 ? " (" + size + " bytes)" : "") + "; refused");
      this.size = size;
      this.limit = limit;
    }

    /** The size seen, or -1 when the file grew past the limit while being read. */
    public long size() {
      return size;
    }

    public int limit() {
      return limit;
    }
  }

  private static void requireRegularTarget(Path file, BasicFileAttributes a) throws IOException {
    if (a.isRegularFile()) return;
    String what = a.isDirectory() ? "is a directory, not a regular file" : a.isOther()
        ? "is a FIFO, socket or device, not a regular file" : "is not a regular file";
    throw new java.nio.file.FileSystemException(file.toString(), null, what + "; refused");
  }

  private static void requireRegular(Path file, BasicFileAttributes a) throws IOException {
    if (a.isSymbolicLink()) throw notFollowed(file);
    if (!a.isRegularFile()) throw new java.nio.file.FileSystemException(file.toString(), null, "is not a regular file; refused");
  }

  private static java.nio.file.FileSystemException notFollowed(Path file) {
    return new java.nio.file.FileSystemException(file.toString(), null, "is a symbolic link; refused (links are never followed)");
  }
}

package io.hostkeeper.common.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Linux open(2) with {@code O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_NOCTTY|O_CLOEXEC}, then statx(2) on the
 * open descriptor: opening never blocks (a FIFO swapped in opens at once and is then refused), never
 * follows a link at the last component, and the type and attributes checked are those of what was
 * opened. Available on Linux with glibc 2.28+ on the architectures whose flag values are known here;
 * {@link #UNAVAILABLE} says why not elsewhere.
 */
final class NativeOpen {
  private static final int O_NONBLOCK = 04000;
  private static final int O_NOCTTY = 0400;
  private static final int O_CLOEXEC = 02000000;
  private static final int F_GETFL = 3;
  private static final int F_SETFL = 4;
  private static final int AT_EMPTY_PATH = 0x1000;
  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final int STATX_SIZE = 256;
  private static final int ENOENT = 2;
  private static final int EINTR = 4;
  private static final int ENXIO = 6;
  private static final int EACCES = 13;
  private static final int EPERM = 1;
  private static final int ELOOP = 40;
  private static final int ENOTDIR = 20;

  /** The C library functions used; statx is looked up when the class loads. */
  interface LibC extends Library {
    int open(byte[] path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    NativeLong read(int fd, Memory buf, NativeLong count) throws LastErrorException;

    int statx(int dirfd, byte[] path, int flags, int mask, byte[] buf) throws LastErrorException;
  }

  static final LibC LIBC;
  /** Why the native open cannot be used here; null when it can. */
  static final String UNAVAILABLE;
  private static final int O_NOFOLLOW;
  /** 32-bit only: without it a file over 2 GiB cannot be opened (EOVERFLOW); 64-bit kernels imply it. */
  private static final int O_LARGEFILE;

  static {
    LibC lib = null;
    String why = null;
    int nofollow = 0;
    int largefile = 0;
    try {
      if (!Platform.isLinux()) {
        why = "not Linux";
      } else {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        nofollow = switch (arch) {
          case "amd64", "x86_64", "x86", "i386", "i686", "riscv64", "s390x", "loongarch64" -> 0400000;
          case "aarch64", "arm", "armv7l", "armhf", "ppc64le", "ppc64" -> 0100000;
          default -> 0;
        };
        largefile = switch (arch) {
          case "arm", "armv7l", "armhf" -> 0400000;
          case "x86", "i386", "i686" -> 0100000;
          default -> 0;
        };
        if (nofollow == 0) {
          why = "O_NOFOLLOW's value is not known here for architecture " + arch;
        } else {
          NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("statx"); // glibc 2.28+
          lib = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        }
      }
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      why = "native access unavailable (" + e.getMessage() + ")";
      lib = null;
    }
    LIBC = lib;
    UNAVAILABLE = lib == null ? why : null;
    O_NOFOLLOW = nofollow;
    O_LARGEFILE = largefile;
  }

  private NativeOpen() {}

  /** Opens {@code file} as described above; a link, FIFO, socket, device or directory is refused. */
  static RegularFileInput open(Path file) throws IOException {
    byte[] path = cString(file.toString());
    int fd;
    try {
      fd = LIBC.open(path, O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_LARGEFILE);
    } catch (LastErrorException e) {
      throw translate(file, e);
    }
    try {
      byte[] st = new byte[STATX_SIZE];
      LIBC.statx(fd, new byte[] {0}, AT_EMPTY_PATH, STATX_BASIC_STATS, st);
      ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.nativeOrder());
      int mode = b.getShort(28) & 0xffff;
      String type = FileTypes.describe(mode);
      if (type != null) throw new SafeFiles.NotRegularFileException(file, type);
      RegularFileInput.Attributes attrs = new RegularFileInput.Attributes(
          b.getLong(40), mode & 07777, b.getInt(20), b.getInt(24),
          b.getLong(112) * 1000 + b.getInt(120) / 1_000_000, b.getInt(136) + ":" + b.getInt(140) + ":" + b.getLong(32));
      int flags = LIBC.fcntl(fd, F_GETFL, 0);
      LIBC.fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
      return new Input(fd, attrs);
    } catch (LastErrorException e) {
      closeQuietly(fd);
      throw new FileSystemException(file.toString(), null, "cannot inspect the open file: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      closeQuietly(fd);
      throw e;
    }
  }

  private static IOException translate(Path file, LastErrorException e) {
    return switch (e.getErrorCode()) {
      case ENOENT, ENOTDIR -> new NoSuchFileException(file.toString());
      case EACCES, EPERM -> new AccessDeniedException(file.toString());
      case ELOOP -> new SafeFiles.NotRegularFileException(file, "a symbolic link");
      case ENXIO -> new SafeFiles.NotRegularFileException(file, "a socket or a device without a driver");
      default -> new FileSystemException(file.toString(), null, e.getMessage());
    };
  }

  private static byte[] cString(String s) {
    String enc = System.getProperty("sun.jnu.encoding");
    Charset cs = enc == null ? Charset.defaultCharset() : Charset.forName(enc);
    byte[] bytes = s.getBytes(cs);
    byte[] out = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return out;
  }

  private static void closeQuietly(int fd) {
    try {
      LIBC.close(fd);
    } catch (LastErrorException ignored) {
      // nothing more to do with it
    }
  }

  /** Reads the descriptor with read(2); close(2) once. */
  private static final class Input extends RegularFileInput {
    private static final int BUFFER = 1 << 16;
    private final Memory buffer = new Memory(BUFFER);
    private int fd;

    Input(int fd, Attributes attrs) {
      super(attrs);
      this.fd = fd;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      if (fd < 0) throw new IOException("stream closed");
      if (len == 0) return 0;
      int want = Math.min(len, BUFFER);
      while (true) {
        try {
          long n = LIBC.read(fd, buffer, new NativeLong(want)).longValue();
          if (n == 0) return -1;
          buffer.read(0, b, off, (int) n);
          return (int) n;
        } catch (LastErrorException e) {
          if (e.getErrorCode() != EINTR) throw new IOException("read failed: " + e.getMessage(), e);
        }
      }
    }

    @Override
    public synchronized void close() {
      if (fd < 0) return;
      closeQuietly(fd);
      fd = -1;
    }
  }
}

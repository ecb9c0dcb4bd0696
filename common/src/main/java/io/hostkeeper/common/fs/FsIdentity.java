package io.hostkeeper.common.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Does file work with another user's filesystem rights, on the calling thread only: Linux's
 * {@code setfsuid(2)}/{@code setfsgid(2)} change the IDs the kernel checks file permissions
 * against and gives to created files, for the calling thread and nothing else (the real and
 * effective IDs, other threads and child processes keep root's). Moving the fsuid away from 0
 * also drops the file capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_CHOWN,
 * CAP_FSETID) from the thread's effective set until it returns to 0, so the thread is refused
 * what that user would be refused.
 *
 * <p>What it does not cover: supplementary groups. The kernel checks them too, and glibc can only
 * change them for the whole process, so {@link #as} refuses to switch while the thread has any
 * (a root with group 0 as a supplementary group would otherwise still read files of group root).
 * The user's own supplementary groups are not taken either: the work has the user's uid and the
 * one given group, which is never more than the user may do.
 *
 * <p>A thread started while switched inherits the switched identity (Linux copies credentials to
 * new threads), and keeps it: thread pools that the work uses must be started beforehand.
 *
 * <p>Every switch is verified (setfsuid returns the previous value, so a second call with an
 * invalid ID reads the current one), and the previous identity is restored and verified in a
 * finally block, so the thread is back to its own rights even when the work fails.
 */
public final class FsIdentity {
  private static final int ERANGE = 34;

  /** The C library functions used. */
  interface LibC extends Library {
    int setfsuid(int uid);

    int setfsgid(int gid);

    int getgroups(int size, int[] list) throws LastErrorException;

    int getpwnam_r(String name, Memory pwd, Memory buf, NativeLong buflen, PointerByReference result);

    int getgrnam_r(String name, Memory grp, Memory buf, NativeLong buflen, PointerByReference result);
  }

  private static final LibC LIBC;
  /** Why switching is not possible here; null when it is. */
  private static final String UNAVAILABLE;

  static {
    LibC lib = null;
    String why = null;
    try {
      if (!Platform.isLinux()) {
        why = "acting as another user (run_as) needs Linux (setfsuid/setfsgid); this is " + System.getProperty("os.name");
      } else {
        lib = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
      }
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      why = "native access unavailable (" + e.getMessage() + ")";
      lib = null;
    }
    LIBC = lib;
    UNAVAILABLE = lib == null ? why : null;
  }

  /** Work done with the switched identity. */
  public interface Work<T> {
    T run() throws IOException, InterruptedException;
  }

  /** A user as the kernel knows it. */
  public record Account(String user, int uid, String group, int gid) {}

  private FsIdentity() {}

  /** Null when per-thread switching is available here; else why not, in one line. */
  public static String unavailable() {
    return UNAVAILABLE;
  }

  /**
   * Looks {@code user} (and {@code group}, or the user's primary group when null) up through the
   * system's user database (NSS). @throws IOException naming what does not exist
   */
  public static Account lookup(String user, String group) throws IOException {
    requireAvailable();
    int[] pw = entry(true, user);
    if (pw == null) throw new IOException("no such user: " + user);
    if (group == null) return new Account(user, pw[0], null, pw[1]);
    int[] gr = entry(false, group);
    if (gr == null) throw new IOException("no such group: " + group);
    return new Account(user, pw[0], group, gr[0]);
  }

  /** {uid, gid} of a passwd entry or {gid} of a group entry; null when there is none. */
  private static int[] entry(boolean passwd, String name) throws IOException {
    int ptr = Native.POINTER_SIZE;
    Memory record = new Memory(passwd ? 7L * ptr + 8 : 4L * ptr + 8);
    for (int size = 4096; size <= 1 << 20; size *= 4) {
      Memory buf = new Memory(size);
      PointerByReference result = new PointerByReference();
      int rc = passwd ? LIBC.getpwnam_r(name, record, buf, new NativeLong(size), result)
          : LIBC.getgrnam_r(name, record, buf, new NativeLong(size), result);
      if (rc == ERANGE) continue;
      if (rc != 0) throw new IOException("cannot look up " + (passwd ? "user " : "group ") + name + " (error " + rc + ")");
      if (result.getValue() == null || Pointer.nativeValue(result.getValue()) == 0) return null;
      // struct passwd { char *name, *passwd; uid_t uid; gid_t gid; ... }, struct group { char *name, *passwd; gid_t gid; ... }
      return passwd ? new int[] {record.getInt(2L * ptr), record.getInt(2L * ptr + 4)} : new int[] {record.getInt(2L * ptr)};
    }
    throw new IOException("cannot look up " + name + ": its entry is too large");
  }

  /** The calling thread's filesystem uid and gid (read without changing them). */
  public static int[] current() throws IOException {
    requireAvailable();
    return new int[] {LIBC.setfsuid(-1), LIBC.setfsgid(-1)};
  }

  /**
   * Runs {@code work} on this thread with the filesystem rights of {@code uid}/{@code gid}, then
   * restores the thread's own. @throws FileSystemException when the switch cannot be made or
   * verified (the work is then not run)
   */
  public static <T> T as(int uid, int gid, Work<T> work) throws IOException, InterruptedException {
    requireAvailable();
    if (uid < 0 || gid < 0) throw new IllegalArgumentException("uid and gid must not be negative");
    int groups;
    try {
      groups = LIBC.getgroups(0, null);
    } catch (LastErrorException e) {
      throw new FileSystemException(null, null, "cannot read the worker's supplementary groups: " + e.getMessage());
    }
    if (groups > 0) {
      throw new FileSystemException(null, null, "refused to act as uid " + uid + ": the worker has " + groups
          + " supplementary group(s), which would still grant their access; start the worker without supplementary groups");
    }
    int oldUid = LIBC.setfsuid(-1);
    int oldGid = LIBC.setfsgid(-1);
    LIBC.setfsgid(gid);
    LIBC.setfsuid(uid);
    try {
      int nowUid = LIBC.setfsuid(-1);
      int nowGid = LIBC.setfsgid(-1);
      if (nowUid != uid || nowGid != gid) {
        throw new FileSystemException(null, null, "could not act as uid " + uid + " gid " + gid + " (the thread is uid " + nowUid
            + " gid " + nowGid + "); the worker must run as root to use run_as");
      }
      return work.run();
    } finally {
      LIBC.setfsuid(oldUid);
      LIBC.setfsgid(oldGid);
      int backUid = LIBC.setfsuid(-1);
      int backGid = LIBC.setfsgid(-1);
      if (backUid != oldUid || backGid != oldGid) {
        // cannot happen for a thread allowed to switch; never let the thread go on with the wrong rights
        throw new IllegalStateException("could not restore the thread's filesystem identity " + oldUid + ":" + oldGid
            + " (it is " + backUid + ":" + backGid + ")");
      }
    }
  }

  private static void requireAvailable() throws IOException {
    if (UNAVAILABLE != null) throw new FileSystemException(null, null, UNAVAILABLE);
  }
}

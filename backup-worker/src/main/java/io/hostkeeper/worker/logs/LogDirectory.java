package io.hostkeeper.worker.logs;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses to rotate in a directory another user controls (logrotate's "parent directory has
 * insecure permissions"): the worker usually runs as root, and in a directory that a user may
 * write, that user can swap any name for a link or another file between two of our steps. Safe
 * is a directory that only root or the worker's own user may change: owned by root or the worker
 * (an owner may always chmod), group write only for group root, no write for others.
 *
 * <p>With {@code run_as}, the file work is done with that user's rights (see {@link FileRights}),
 * so a directory that user (or the run_as group) owns or may write is accepted too: a link it
 * plants can only reach what it could reach anyway. Any other non-root user who may change the
 * directory still gets it refused, and so does a directory every user may write.
 */
final class LogDirectory {
  private static final int S_IWGRP = 0020;
  private static final int S_IWOTH = 0002;

  private LogDirectory() {}

  /** @throws FileSystemException naming the directory, its owner and mode when it is not safe */
  static void requireSafe(Path dir, FileRights rights) throws IOException {
    Path real = dir.toRealPath();
    Map<String, Object> a;
    try {
      a = Files.readAttributes(real, "unix:uid,gid,mode,owner,group", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return; // no POSIX owners here: nothing to compare against
    }
    int self = selfUid();
    int runUid = rights.account() == null ? -1 : rights.account().uid();
    int runGid = rights.account() == null ? -1 : rights.account().gid();
    String problem = problem((Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("mode"), self, runUid, runGid);
    if (problem == null) return;
    String facts = " (owner " + a.get("owner") + ", group " + a.get("group") + ", mode "
        + String.format("%04o", (Integer) a.get("mode") & 07777) + ")";
    if (rights.account() != null) {
      throw new FileSystemException(real.toString(), null, "refused: the log directory is " + problem + facts
          + ", and the entry acts as " + rights.account().user() + " (run_as); a link planted by another user could reach"
          + " that user's files. Make the directory changeable only by root or " + rights.account().user() + ", or set run_as"
          + " to the user who controls it");
    }
    throw new FileSystemException(real.toString(), null, "refused: the log directory is " + problem + facts
        + "; the worker would act with its own rights in a directory another user controls. Make it owned by root"
        + " (or the worker's user) and not writable by group or others, or set run_as: {user: OWNER} on the entry"
        + " so that the rotation acts with that user's rights (logrotate's su)");
  }

  /** {@link #problem(int, int, int, int, int, int)} without run_as. */
  static String problem(int uid, int gid, int mode, int selfUid) {
    return problem(uid, gid, mode, selfUid, -1, -1);
  }

  /**
   * Null when a directory with these facts is safe for a worker running as {@code selfUid} whose
   * file work acts as {@code runUid}/{@code runGid} (-1: no run_as); else what is wrong. Pure.
   */
  static String problem(int uid, int gid, int mode, int selfUid, int runUid, int runGid) {
    if ((mode & S_IWOTH) != 0) return "writable by every user";
    if ((mode & S_IWGRP) != 0 && gid != 0 && (runGid < 0 || gid != runGid)) {
      return "writable by group " + gid + ", which is not root" + (runGid < 0 ? "" : " nor the run_as group " + runGid);
    }
    // an owner may always chmod, so a foreign owner is unsafe whatever the mode says
    if (uid != 0 && uid != selfUid && (runUid < 0 || uid != runUid)) {
      return "owned by uid " + uid + ", which is neither root nor the worker" + (runUid < 0 ? "" : " nor the run_as user " + runUid);
    }
    return null;
  }

  /** The worker's uid; -1 when it cannot be told. */
  static int selfUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
  }
}

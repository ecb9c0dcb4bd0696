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
 */
final class LogDirectory {
  private static final int S_IWGRP = 0020;
  private static final int S_IWOTH = 0002;

  private LogDirectory() {}

  /** @throws FileSystemException naming the directory, its owner and mode when it is not safe */
  static void requireSafe(Path dir) throws IOException {
    Path real = dir.toRealPath();
    Map<String, Object> a;
    try {
      a = Files.readAttributes(real, "unix:uid,gid,mode,owner,group", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return; // no POSIX owners here: nothing to compare against
    }
    int self = selfUid();
    String problem = problem((Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("mode"), self);
    if (problem == null) return;
    throw new FileSystemException(real.toString(), null, "refused: the log directory is " + problem + " (owner "
        + a.get("owner") + ", group " + a.get("group") + ", mode " + String.format("%04o", (Integer) a.get("mode") & 07777)
        + "); the worker would act with its own rights in a directory another user controls. Make it owned by root"
        + " (or the worker's user) and not writable by group or others; rotating as that user (logrotate's su, a run_as key)"
        + " is not supported yet");
  }

  /** Null when a directory with these facts is safe for a worker running as {@code selfUid}; else what is wrong. Pure. */
  static String problem(int uid, int gid, int mode, int selfUid) {
    if ((mode & S_IWOTH) != 0) return "writable by every user";
    if ((mode & S_IWGRP) != 0 && gid != 0) return "writable by group " + gid + ", which is not root";
    // an owner may always chmod, so a foreign owner is unsafe whatever the mode says
    if (uid != 0 && uid != selfUid) return "owned by uid " + uid + ", which is neither root nor the worker";
    return null;
  }

  private static int selfUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return "root".equals(System.getProperty("user.name")) ? 0 : -1;
    }
  }
}

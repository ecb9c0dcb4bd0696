package io.hostkeeper.worker.logs;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Set;

/** The {@code create} directive: a new empty live log with a mode, owner and group. */
final class LogFiles {
  private LogFiles() {}

  /**
   * Creates the new live log exclusively (never through a link) with its final mode; owner and
   * group are set on the file itself, a link not followed.
   */
  static void create(Step.Create c, LogReport.Builder report) throws IOException {
    PosixFileAttributes template = templateOf(c.template());
    Set<PosixFilePermission> perms = c.mode() != null ? fromOctal(c.mode())
        : template != null ? template.permissions() : SafeFiles.PRIVATE_FILE;
    try {
      SafeFiles.createNew(c.live(), perms).close();
    } catch (FileAlreadyExistsException e) {
      report.notes.add("the application recreated " + c.live().getFileName() + " itself; left as is");
      return;
    }
    PosixFileAttributeView view = Files.getFileAttributeView(c.live(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) return;
    UserPrincipalLookupService users = c.live().getFileSystem().getUserPrincipalLookupService();
    try {
      if (c.owner() != null) {
        view.setOwner(users.lookupPrincipalByName(c.owner()));
      } else if (template != null) {
        UserPrincipal owner = template.owner();
        if (!owner.equals(view.getOwner())) trySet(() -> view.setOwner(owner), report, "owner");
      }
      if (c.group() != null) {
        view.setGroup(users.lookupPrincipalByGroupName(c.group()));
      } else if (template != null) {
        GroupPrincipal group = template.group();
        if (!group.equals(view.readAttributes().group())) trySet(() -> view.setGroup(group), report, "group");
      }
    } catch (UserPrincipalNotFoundException e) {
      throw new IOException("create: no such user or group \"" + e.getName() + "\" for " + c.live(), e);
    }
  }

  /** The rotated file's attributes, read without following a link; null when it is not a regular file. */
  private static PosixFileAttributes templateOf(Path template) throws IOException {
    try {
      PosixFileAttributes a = Files.readAttributes(template, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() ? a : null;
    } catch (NoSuchFileException | UnsupportedOperationException e) {
      return null;
    }
  }

  static Set<PosixFilePermission> fromOctal(String mode) {
    int bits = Integer.parseInt(mode, 8);
    StringBuilder s = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) s.append((bits & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    return PosixFilePermissions.fromString(s.toString());
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void trySet(IoAction action, LogReport.Builder report, String what) {
    try {
      action.run();
    } catch (IOException e) {
      report.notes.add("could not copy the rotated file's " + what + " to the new log (" + e.getMessage() + ")");
    }
  }
}

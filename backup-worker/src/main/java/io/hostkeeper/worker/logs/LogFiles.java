package io.hostkeeper.worker.logs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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

  static void create(Step.Create c, LogReport report) throws IOException {
    try {
      Files.createFile(c.live());
    } catch (FileAlreadyExistsException e) {
      report.notes.add("the application recreated " + c.live().getFileName() + " itself; left as is");
      return;
    }
    PosixFileAttributeView view = Files.getFileAttributeView(c.live(), PosixFileAttributeView.class);
    PosixFileAttributeView template = Files.exists(c.template()) ? Files.getFileAttributeView(c.template(), PosixFileAttributeView.class) : null;
    if (view == null) return;
    Set<PosixFilePermission> perms = c.mode() != null ? fromOctal(c.mode())
        : template != null ? template.readAttributes().permissions() : null;
    if (perms != null) view.setPermissions(perms);
    UserPrincipalLookupService users = c.live().getFileSystem().getUserPrincipalLookupService();
    try {
      if (c.owner() != null) {
        view.setOwner(users.lookupPrincipalByName(c.owner()));
      } else if (template != null) {
        UserPrincipal owner = template.getOwner();
        if (!owner.equals(view.getOwner())) trySet(() -> view.setOwner(owner), report, "owner");
      }
      if (c.group() != null) {
        view.setGroup(users.lookupPrincipalByGroupName(c.group()));
      } else if (template != null) {
        GroupPrincipal group = template.readAttributes().group();
        if (!group.equals(view.readAttributes().group())) trySet(() -> view.setGroup(group), report, "group");
      }
    } catch (UserPrincipalNotFoundException e) {
      throw new IOException("create: no such user or group \"" + e.getName() + "\" for " + c.live(), e);
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

  private static void trySet(IoAction action, LogReport report, String what) {
    try {
      action.run();
    } catch (IOException e) {
      report.notes.add("could not copy the rotated file's " + what + " to the new log (" + e.getMessage() + ")");
    }
  }
}

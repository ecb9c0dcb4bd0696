package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.worker.backup.copy.CopyFailure.Reason;
import java.io.IOException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/** Turns SSH/SFTP exceptions into a {@link CopyFailure} with a reason and one readable line. */
final class Errors {
  private Errors() {}

  static CopyFailure classify(String context, IOException e) {
    if (e instanceof CopyFailure f) return f;
    String m = message(e);
    if (e instanceof SftpException s) {
      return switch (s.getStatus()) {
        case SftpConstants.SSH_FX_PERMISSION_DENIED, SftpConstants.SSH_FX_WRITE_PROTECT ->
            new CopyFailure(Reason.PERMISSION, context + ": permission denied (" + m + "); let the remote user write there", e);
        case SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM, SftpConstants.SSH_FX_QUOTA_EXCEEDED ->
            new CopyFailure(Reason.NO_SPACE, context + ": no space left on the remote (" + m + ")", e);
        case SftpConstants.SSH_FX_NO_CONNECTION, SftpConstants.SSH_FX_CONNECTION_LOST ->
            new CopyFailure(Reason.UNREACHABLE, context + ": connection lost (" + m + ")", e);
        default -> noSpace(m) ? new CopyFailure(Reason.NO_SPACE, context + ": no space left on the remote (" + m + ")", e)
            : new CopyFailure(Reason.IO, context + ": " + m, e);
      };
    }
    if (noSpace(m)) return new CopyFailure(Reason.NO_SPACE, context + ": no space left on the remote (" + m + ")", e);
    return new CopyFailure(Reason.IO, context + ": " + m, e);
  }

  private static boolean noSpace(String m) {
    String l = m.toLowerCase(java.util.Locale.ROOT);
    return l.contains("no space") || l.contains("quota");
  }

  static String message(Throwable e) {
    Throwable t = e;
    String m = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) m = t.getMessage();
      if (t.getCause() == null || t.getCause() == t) break;
      t = t.getCause();
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }
}

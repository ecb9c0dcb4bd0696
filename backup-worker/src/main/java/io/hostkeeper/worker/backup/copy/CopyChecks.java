package io.hostkeeper.worker.backup.copy;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.SftpConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/**
 * check-config for {@code backups[].copies[]}, without connecting: the identity file exists, is a
 * private key and is not readable by group or others; the known_hosts file exists and lists the
 * host at its port (plain or hashed). Host and port syntax are checked when the config is bound.
 */
public final class CopyChecks {
  private CopyChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded, int backupIndex, BackupConfig b) {
    List<ConfigError> errors = new ArrayList<>();
    for (int j = 0; j < b.copies().size(); j++) {
      CopyConfig c = b.copies().get(j);
      String at = "backups[" + backupIndex + "].copies[" + j + "].sftp";
      String id = identityProblem(c.sftp().identityFile());
      if (id != null) errors.add(loaded.errorAt(at + ".identity_file", id));
      if (c.sftp().knownHosts() != null) {
        String kh = knownHostsProblem(c.sftp());
        if (kh != null) errors.add(loaded.errorAt(at + ".known_hosts", kh));
      }
    }
    return errors;
  }

  static String identityProblem(Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return file + " does not exist; make a key with ssh-keygen -t ed25519 -N '' -f " + file;
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return file + " is not a regular file";
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        return file + " can be read or written by other users; chmod 600 " + file;
      }
    } catch (UnsupportedOperationException | IOException e) {
      return file + " cannot be inspected (" + e.getMessage() + ")";
    }
    try {
      if (!new FileKeyPairProvider(file).loadKeys(null).iterator().hasNext()) return file + " holds no private key";
    } catch (RuntimeException e) {
      return file + " is not an unencrypted OpenSSH private key (" + e.getMessage() + ")";
    }
    return null;
  }

  static String knownHostsProblem(SftpConfig s) {
    Path file = s.knownHosts();
    String where = s.port() == 22 ? s.host() : "[" + s.host() + "]:" + s.port();
    String collect = "collect it with ssh-keyscan -p " + s.port() + " " + s.host() + " >> " + file
        + " and compare its fingerprint (ssh-keygen -lf) with the server's";
    if (!Files.isRegularFile(file)) return file + " does not exist; " + collect;
    try {
      if (HostKeys.knownKeys(file, s.host(), s.port()).isEmpty()) return file + " has no key for " + where + "; " + collect;
    } catch (IOException | RuntimeException e) {
      return file + " cannot be read (" + e.getMessage() + ")";
    }
    return null;
  }
}

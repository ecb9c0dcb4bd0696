package io.hostkeeper.worker.backup;

import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.SourceConfig;
import io.hostkeeper.worker.backup.pgp.KeyProblem;
import io.hostkeeper.worker.backup.pgp.RecipientKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup checks that need I/O, for {@code check-config} and start-up: every recipient file
 * exists and holds a v4 public key with a usable (not expired, not revoked) encryption (sub)key;
 * every destination is a writable directory or can be created; every source exists unless
 * {@code missing_ok}.
 */
public final class BackupChecks {
  private BackupChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded) {
    return check(loaded, Instant.now());
  }

  static List<ConfigError> check(LoadedConfig loaded, Instant now) {
    List<ConfigError> errors = new ArrayList<>();
    List<BackupConfig> backups = loaded.config().backups();
    for (int i = 0; i < backups.size(); i++) {
      BackupConfig b = backups.get(i);
      String at = "backups[" + i + "]";
      for (int j = 0; j < b.recipients().size(); j++) {
        try {
          RecipientKeys.load(b.recipients().get(j), now);
        } catch (KeyProblem e) {
          errors.add(loaded.errorAt(at + ".recipients[" + j + "]", e.getMessage()));
        }
      }
      errors.addAll(io.hostkeeper.worker.backup.copy.CopyChecks.check(loaded, i, b));
      String dest = destinationProblem(b.destination());
      if (dest != null) errors.add(loaded.errorAt(at + ".destination", dest));
      for (int k = 0; k < b.sources().size(); k++) {
        SourceConfig s = b.sources().get(k);
        Path p = s.path() != null ? s.path() : s.sqlite();
        if (!s.missingOk() && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          errors.add(loaded.errorAt(at + ".sources[" + k + "]." + (s.path() != null ? "path" : "sqlite"),
              p + " does not exist; fix the path or set missing_ok: true"));
        }
      }
    }
    return errors;
  }

  /** Null when archives can be written to {@code dir} (probed by creating and removing an entry). */
  static String destinationProblem(Path dir) {
    Path p = dir.toAbsolutePath();
    try {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) return p + " exists and is not a directory";
        Files.delete(Files.createTempFile(p, ".hk-check-", ".tmp"));
        return null;
      }
      Path parent = p.getParent();
      while (parent != null && !Files.exists(parent)) parent = parent.getParent();
      if (parent == null || !Files.isDirectory(parent)) return p + " cannot be created: no parent directory exists";
      Files.delete(Files.createTempDirectory(parent, ".hk-check-"));
      return null;
    } catch (IOException | SecurityException e) {
      return (Files.exists(p) ? p + " is not writable" : p + " cannot be created") + " (" + e.getMessage() + ")";
    }
  }
}

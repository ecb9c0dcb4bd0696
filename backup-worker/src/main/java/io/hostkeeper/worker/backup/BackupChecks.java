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
 * every destination is a writable directory or can be created, and lies outside every path source
 * (compared as written and as real paths, links resolved) unless that source excludes it; every
 * source exists unless {@code missing_ok}; the CSV exports of an SQLite source name tables that
 * exist and queries that compile against the live database ({@link io.hostkeeper.worker.backup.csv.CsvChecks}).
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
        String overlap = overlap(b, k, at);
        if (overlap != null) errors.add(loaded.errorAt(at + ".destination", overlap));
      }
      for (int k = 0; k < b.sources().size(); k++) {
        SourceConfig s = b.sources().get(k);
        Path p = s.path() != null ? s.path() : s.sqlite();
        if (!s.missingOk() && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          errors.add(loaded.errorAt(at + ".sources[" + k + "]." + (s.path() != null ? "path" : "sqlite"),
              p + " does not exist; fix the path or set missing_ok: true"));
        }
        if (s.csv() != null) {
          for (var problem : io.hostkeeper.worker.backup.csv.CsvChecks.check(s.sqlite(), s.csv())) {
            errors.add(loaded.errorAt(at + ".sources[" + k + "].csv." + problem.key(), problem.message()));
          }
        }
      }
    }
    return errors;
  }

  /** A message when the walk of path source {@code k} would enter the destination; else null. */
  static String overlap(BackupConfig b, int k, String at) {
    SourceConfig s = b.sources().get(k);
    if (s.path() == null) return null;
    String rel = DestinationOverlap.inside(s.path(), s.exclude(), b.destination());
    String how = "";
    if (rel == null) {
      Path realSource = realPath(s.path());
      Path realDest = realPath(b.destination());
      if (realSource == null || realDest == null) return null;
      rel = DestinationOverlap.inside(realSource, s.exclude(), realDest);
      if (rel == null) return null;
      how = " (through links: " + realDest + " is inside " + realSource + ")";
    }
    String src = at + ".sources[" + k + "].path";
    if (rel.isEmpty()) {
      return b.destination() + " is the same directory as source " + src + " (" + s.path() + ")" + how
          + ": every archive would contain the earlier ones; use a destination outside the sources";
    }
    return b.destination() + " is inside source " + src + " (" + s.path() + ")" + how
        + ": every archive would contain the earlier ones; use a destination outside the source, or exclude it there"
        + " (exclude: [\"" + rel.replace('\\', '/') + "\"])";
  }

  /** The real path of {@code p}, or of its nearest existing ancestor with the rest appended; null when unknown. */
  static Path realPath(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path rest = abs.getFileSystem().getPath("");
    for (Path cur = abs; cur != null; cur = cur.getParent()) {
      try {
        return cur.toRealPath().resolve(rest).normalize();
      } catch (IOException e) {
        if (cur.getFileName() == null) return null;
        rest = cur.getFileName().resolve(rest);
      }
    }
    return null;
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

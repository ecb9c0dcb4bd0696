package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.worker.history.StateDatabase;

import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.WorkerPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.jdbi.v3.core.Jdbi;

/** Shared bits of the backup commands. */
final class CliSupport {
  /** The state database's file name in the data directory (the worker's). */
  static final String STATE_DB = "state.db";

  private CliSupport() {}

  static BackupConfig backup(LoadedConfig loaded, String name) {
    return loaded.config().backups().stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new StartupFailure("no backup named '" + name + "' in " + loaded.source()
            + " (configured: " + String.join(", ", loaded.config().backups().stream().map(BackupConfig::name).toList()) + ")"));
  }

  /** The backup named {@code name}, or every configured backup when {@code name} is null. */
  static List<BackupConfig> backups(LoadedConfig loaded, String name) {
    return name != null ? List.of(backup(loaded, name)) : loaded.config().backups();
  }

  static Path dataDir(LoadedConfig loaded) {
    return WorkerPaths.dataDir(loaded.config().worker());
  }

  /** The worker's state database in the data directory (created if needed; WAL, busy timeout). */
  static Jdbi stateDb(Path dataDir) {
    try {
      io.hostkeeper.worker.history.DataDirectory.secure(dataDir); // 0700, state.db 0600 (the worker logs changes)
    } catch (IOException e) {
      throw new StartupFailure("data directory " + dataDir + " cannot be created: " + e.getMessage(), e);
    }
    // The worker's own connection settings (WAL, busy timeout, foreign keys), unpooled for a short CLI run.
    return StateDatabase.jdbi(dataDir.resolve(StateDatabase.FILE_NAME), StateDatabase.DEFAULT_BUSY_TIMEOUT);
  }

  /** The first line of a passphrase file, without its line end; null when no file is given. */
  static char[] passphrase(Path file) {
    if (file == null) return null;
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      if (nl >= 0) s = s.substring(0, nl);
      if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
      return s.toCharArray();
    } catch (IOException e) {
      throw new StartupFailure("cannot read passphrase file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The passphrase for {@code keys}: the first line of {@code file} when given; else, when a key is
   * protected and a terminal is attached, asked there (not echoed); else null (the key problem then
   * says to give --passphrase-file).
   */
  static char[] passphrase(Path file, PGPSecretKeyRingCollection keys, Path keyFile) {
    if (file != null) return passphrase(file);
    java.io.Console console = System.console();
    if (console == null || !needsPassphrase(keys)) return null;
    char[] p = console.readPassword("Passphrase for %s: ", keyFile);
    return p == null ? null : p;
  }

  /** True when any secret key in the collection is protected by a passphrase. */
  static boolean needsPassphrase(PGPSecretKeyRingCollection keys) {
    for (PGPSecretKeyRing ring : keys) {
      for (PGPSecretKey k : ring) {
        if (!k.isPrivateKeyEmpty() && k.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL) return true;
      }
    }
    return false;
  }

  static String bytes(long n) {
    if (n < 1024) return n + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}

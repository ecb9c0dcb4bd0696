package io.hostkeeper.worker.cli;

import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.WorkerConfig;
import io.hostkeeper.common.config.WorkerPaths;
import io.hostkeeper.common.web.WebConfigCheck;
import io.hostkeeper.worker.admin.AdminToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's checks that need I/O, for {@code check-config}: the data directory can be created
 * or written, the admin token file is readable, a non-loopback admin bind has a token. The same
 * conditions stop {@code run} with one line (see {@link io.hostkeeper.worker.Worker#start}).
 */
public final class WorkerChecks {
  private WorkerChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded) {
    List<ConfigError> errors = new ArrayList<>();
    WorkerConfig worker = loaded.config().worker();
    Path dataDir = WorkerPaths.dataDir(worker);
    String problem = dataDirProblem(dataDir);
    if (problem != null) errors.add(loaded.errorAt("worker.data_dir", problem));
    AdminConfig admin = worker.admin();
    try {
      if (AdminToken.configured(admin).isEmpty() && !admin.listen().isLoopback()) {
        errors.add(loaded.errorAt("worker.admin.listen", admin.listen() + " is not a loopback address and no admin"
            + " token is configured: set worker.admin.token_file, or listen on 127.0.0.1"));
      }
    } catch (AdminToken.TokenException e) {
      String key = admin.tokenFile() != null ? "worker.admin.token_file" : "worker.admin.token";
      String message = e.getMessage().startsWith(key + ": ") ? e.getMessage().substring(key.length() + 2) : e.getMessage();
      errors.add(loaded.errorAt(key, message));
    }
    errors.addAll(WebConfigCheck.errors(loaded, "worker.web_config_file", worker.webConfigFile()));
    return errors;
  }

  /**
   * Null when the worker can use {@code dir}: a directory where a file can be created, or a path
   * that can be created. Probes by creating (and removing) a temporary entry, because permission
   * bits say little for root or on a read-only mount.
   */
  static String dataDirProblem(Path dir) {
    Path p = dir.toAbsolutePath();
    try {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) return p + " exists and is not a directory";
        Files.delete(Files.createTempFile(p, ".hostkeeper-check", ".tmp"));
        return null;
      }
      Path parent = p.getParent();
      while (parent != null && !Files.exists(parent)) parent = parent.getParent();
      if (parent == null || !Files.isDirectory(parent)) return p + " cannot be created: no parent directory exists";
      Files.delete(Files.createTempDirectory(parent, ".hostkeeper-check"));
      return null;
    } catch (java.io.IOException | SecurityException e) {
      return (Files.exists(p) ? "directory " + p + " is not writable: " : p + " cannot be created: ")
          + io.hostkeeper.worker.IoErrors.describe(e);
    }
  }
}

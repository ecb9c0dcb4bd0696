package io.hostkeeper.worker.cli;

import io.hostkeeper.common.cli.StartupChecks;
import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.WorkerConfig;
import io.hostkeeper.common.config.WorkerPaths;
import io.hostkeeper.common.web.WebConfigCheck;
import io.hostkeeper.worker.admin.AdminToken;
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
    StartupChecks.usableDirectoryProblem(dataDir).ifPresent(p -> errors.add(loaded.errorAt("worker.data_dir", p)));
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
}

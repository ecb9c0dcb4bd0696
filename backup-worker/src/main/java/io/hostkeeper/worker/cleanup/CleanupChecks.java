package io.hostkeeper.worker.cleanup;

import io.hostkeeper.common.config.CleanupConfig;
import io.hostkeeper.common.config.CleanupGlob;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.common.config.WorkerPaths;
import io.hostkeeper.worker.cleanup.CleanupRoots.Protected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of {@code cleanup:} for {@code check-config} and start-up: no glob starts at
 * {@code /}, a top system directory, the data directory or a backup destination (or a directory
 * holding one), also once symbolic links in the root's path are resolved; a root reached through
 * a link is refused (the run would refuse it too).
 */
public final class CleanupChecks {
  private CleanupChecks() {}

  public static List<ConfigError> check(LoadedConfig loaded) {
    List<ConfigError> errors = new ArrayList<>();
    Path dataDir = WorkerPaths.dataDir(loaded.config().worker());
    List<Protected> guarded = new ArrayList<>(CleanupJobs.protectedPaths(loaded.config(), dataDir));
    for (Protected p : List.copyOf(guarded)) {
      try {
        if (Files.exists(p.path())) guarded.add(new Protected(p.path().toRealPath(), p.what()));
      } catch (IOException | SecurityException e) {
        // the lexical path is still guarded
      }
    }
    List<CleanupConfig> entries = loaded.config().cleanup();
    for (int i = 0; i < entries.size(); i++) {
      List<String> paths = entries.get(i).paths();
      for (int j = 0; j < paths.size(); j++) {
        String problem = problem(CleanupGlob.parse(paths.get(j)).root(), guarded);
        if (problem != null) errors.add(loaded.errorAt("cleanup[" + i + "].paths[" + j + "]", problem));
      }
    }
    return errors;
  }

  static String problem(Path root, List<Protected> guarded) {
    String refusal = CleanupRoots.refusal(root, guarded);
    if (refusal != null) return refusal;
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return null;
    try {
      Path real = root.toRealPath();
      if (!real.equals(root)) return root + " is reached through a symbolic link (it is " + real + "); write the real path";
    } catch (IOException e) {
      return "cannot resolve " + root + ": " + e.getMessage();
    }
    return null;
  }
}

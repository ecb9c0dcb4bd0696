package io.hostkeeper.common.config;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Resolves the worker's paths that default at run time rather than in the config file. */
public final class WorkerPaths {
  private WorkerPaths() {}

  /**
   * {@code worker.data_dir} when set; else {@code $STATE_DIRECTORY} (set by systemd's
   * {@code StateDirectory=}; the first entry if it lists several); else
   * {@code $XDG_STATE_HOME/hostkeeper}; else {@code ~/.local/state/hostkeeper}.
   */
  public static Path dataDir(WorkerConfig worker) {
    return dataDir(worker, System::getenv, Path.of(System.getProperty("user.home")));
  }

  static Path dataDir(WorkerConfig worker, UnaryOperator<String> env, Path home) {
    if (worker != null && worker.dataDir() != null) return worker.dataDir();
    String state = env.apply("STATE_DIRECTORY");
    if (state != null && !state.isBlank()) return Path.of(state.split(":")[0]);
    String xdg = env.apply("XDG_STATE_HOME");
    if (xdg != null && xdg.startsWith("/")) return Path.of(xdg, "hostkeeper");
    return home.resolve(".local/state/hostkeeper");
  }
}

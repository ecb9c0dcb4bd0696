package io.hostkeeper.common.cli;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.ConfigException;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code check-config}: validates the configuration without starting anything. Exit 0 and a
 * one-line summary on stdout when valid; exit 1 and every error, one per line, on stderr when not.
 * Each jar passes the checks that need I/O (key files, writable paths) as {@code extraChecks}.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = "Validate the configuration file and exit: 0 when valid, 1 with every error listed.")
public final class CheckConfigCommand implements Callable<Integer> {
  public static final int INVALID = 1;

  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  private final Function<LoadedConfig, List<ConfigError>> extraChecks;

  /** @param extraChecks checks that need I/O, run only when the file binds; return an empty list when all is well */
  public CheckConfigCommand(Function<LoadedConfig, List<ConfigError>> extraChecks) {
    this.extraChecks = Objects.requireNonNull(extraChecks, "extraChecks");
  }

  /** Without extra checks. */
  public CheckConfigCommand() {
    this(loaded -> List.of());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadedConfig loaded;
    try {
      loaded = ConfigLoader.load(CommonOptions.configFile(spec));
    } catch (ConfigException e) {
      report(err, e.source(), e.errors());
      return INVALID;
    }
    List<ConfigError> errors = new ArrayList<>(extraChecks.apply(loaded));
    if (!errors.isEmpty()) {
      errors.sort(Comparator.comparingInt(ConfigError::line));
      report(err, loaded.source(), errors);
      return INVALID;
    }
    out.println(loaded.source() + ": valid (" + summary(loaded.config()) + ")");
    out.flush();
    return 0;
  }

  private static void report(PrintWriter err, String source, List<ConfigError> errors) {
    String prefix = source == null ? "" : source + ": ";
    for (ConfigError e : errors) err.println(prefix + e);
    err.println((source == null ? "configuration" : source) + ": invalid (" + count(errors.size(), "error") + ")");
    err.flush();
  }

  static String summary(HostkeeperConfig c) {
    String s = String.join(", ", count(c.services().size(), "service"), count(c.backups().size(), "backup"),
        count(c.logs().size(), "log"), count(c.databases().size(), "database"));
    // The sections added later are named only when used, so existing summaries read as before.
    if (!c.commands().isEmpty()) s += ", " + count(c.commands().size(), "command");
    if (!c.cleanup().isEmpty()) s += ", " + count(c.cleanup().size(), "cleanup");
    return s;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}

package io.hostkeeper.common.cli;

import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.CheckedConfig;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import java.io.PrintWriter;
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
  private final String process;
  private final String otherCheck;
  private final Function<LoadedConfig, List<ConfigError>> warnings;

  /**
   * @param process who checks, e.g. {@code "the exporter"}: the valid line says the file is valid for it
   * @param otherCheck what this command does not check and where that is checked, appended to the
   *     valid line, e.g. {@code "the worker's checks: hostkeeper-worker check-config"}
   * @param extraChecks checks that need I/O, run on every section whose shape is valid; return an empty list when all is well
   * @param warnings likely mistakes that do not make the file invalid: listed on stderr, prefixed
   *     {@code warning:}, without changing the exit code
   */
  public CheckConfigCommand(String process, String otherCheck, Function<LoadedConfig, List<ConfigError>> extraChecks,
      Function<LoadedConfig, List<ConfigError>> warnings) {
    this.extraChecks = Objects.requireNonNull(extraChecks, "extraChecks");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
    this.process = process;
    this.otherCheck = otherCheck;
  }

  public CheckConfigCommand(String process, String otherCheck, Function<LoadedConfig, List<ConfigError>> extraChecks) {
    this(process, otherCheck, extraChecks, loaded -> List.of());
  }

  /** @param extraChecks checks that need I/O, run on every section whose shape is valid */
  public CheckConfigCommand(Function<LoadedConfig, List<ConfigError>> extraChecks) {
    this(null, null, extraChecks);
  }

  /** Without extra checks. */
  public CheckConfigCommand() {
    this(loaded -> List.of());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CheckedConfig checked = CheckedConfig.load(CommonOptions.configFile(spec), extraChecks);
    if (!checked.valid()) {
      report(err, checked.source(), checked.errors());
      return INVALID;
    }
    warn(err, checked.loaded());
    out.println(validLine(checked.loaded()));
    out.flush();
    return 0;
  }

  /** The warnings of a valid file, one per line on stderr, before the valid line. */
  private void warn(PrintWriter err, LoadedConfig loaded) {
    String prefix = loaded.source() == null ? "" : loaded.source() + ": ";
    for (ConfigError w : warnings.apply(loaded)) err.println(prefix + "warning: " + w);
    err.flush();
  }

  /** {@code FILE: valid for the exporter (2 services, ...); ...} naming what was not checked here. */
  String validLine(LoadedConfig loaded) {
    String line = loaded.source() + ": valid" + (process == null ? "" : " for " + process) + " (" + summary(loaded.config()) + ")";
    return otherCheck == null ? line : line + "; " + otherCheck;
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

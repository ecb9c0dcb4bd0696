package io.hostkeeper.worker.cli;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.cli.LogFormat;
import io.hostkeeper.common.cli.Logging;
import io.hostkeeper.common.config.ConfigLoader;
import io.hostkeeper.common.config.LoadedConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The common options as the user wrote them, before or after the command:
 * {@code hostkeeper-worker --config F --log-format json jobs list} and
 * {@code hostkeeper-worker jobs list --config F --log-format json} mean the same; the one nearest
 * the command wins.
 */
final class Options {
  private Options() {}

  static LoadedConfig loadConfig(CommandSpec spec) {
    return ConfigLoader.load(CommonOptions.configFile(spec));
  }

  static void configureLogging(CommandSpec spec) {
    LogFormat format = null;
    String level = null;
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      ParseResult parsed = s.commandLine() == null ? null : s.commandLine().getParseResult();
      if (parsed == null) continue;
      for (CommandSpec mixin : s.mixins().values()) {
        if (!(mixin.userObject() instanceof CommonOptions c)) continue;
        if (format == null && parsed.hasMatchedOption("--log-format")) format = c.logFormat();
        if (level == null && parsed.hasMatchedOption("--log-level")) level = c.logLevel();
      }
    }
    Logging.configure(format == null ? LogFormat.TEXT : format, level == null ? "info" : level);
  }
}

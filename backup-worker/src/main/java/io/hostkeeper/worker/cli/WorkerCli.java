package io.hostkeeper.worker.cli;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.cli.CheckConfigCommand;
import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.worker.WorkerModules;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** The root command of hostkeeper-worker.jar; without a subcommand it runs the worker. */
@Command(name = "hostkeeper-worker", mixinStandardHelpOptions = true, versionProvider = WorkerCli.Version.class,
    description = "Scheduled backups, log rotation, SQLite maintenance and service restarts, with job history,"
        + " Prometheus metrics and an authenticated admin API. Without a command: run.")
public final class WorkerCli implements Callable<Integer> {
  public static final String NAME = "hostkeeper-worker";

  @Mixin CommonOptions common = new CommonOptions();

  @Override
  public Integer call() throws Exception {
    return new RunCommand().withCommon(common).call();
  }

  /** The command line with every subcommand: run, jobs, check-config, then the areas' (WorkerModules). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new WorkerCli());
    cl.addSubcommand(new RunCommand());
    cl.addSubcommand(new JobsCommand());
    cl.addSubcommand(new CheckConfigCommand(loaded -> WorkerModules.checks().stream()
        .flatMap(check -> check.apply(loaded).stream()).toList()));
    for (Class<?> c : WorkerModules.subcommands()) cl.addSubcommand(c);
    cl.setExecutionStrategy(parseResult -> {
      rejectRootOptionsBeforeACommand(parseResult);
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cl;
  }

  /**
   * {@code hostkeeper-worker --config F check-config} would silently check the default config: the
   * options belong to the command, so say where to put them.
   */
  static void rejectRootOptionsBeforeACommand(CommandLine.ParseResult root) {
    if (!root.hasSubcommand()) return;
    for (CommandLine.Model.OptionSpec o : root.matchedOptions()) {
      if (o.usageHelp() || o.versionHelp()) continue;
      StringBuilder sub = new StringBuilder();
      for (CommandLine.ParseResult p = root.subcommand(); p != null; p = p.subcommand()) {
        if (sub.length() > 0) sub.append(' ');
        sub.append(p.commandSpec().name());
      }
      throw new CommandLine.ParameterException(root.commandSpec().commandLine(), o.longestName()
          + " goes after the command: " + NAME + " " + sub + " " + o.longestName() + " ...");
    }
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.load();
      return new String[] {NAME + " " + b.version() + " (" + b.revision() + "), Java " + b.javaVersion()};
    }
  }
}

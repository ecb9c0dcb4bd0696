package io.hostkeeper.worker.cli;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.cli.CheckConfigCommand;
import io.hostkeeper.common.cli.Cli;
import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.worker.WorkerModules;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import java.nio.file.Path;

/** The root command of hostkeeper-worker.jar; without a subcommand it runs the worker. */
@Command(name = "hostkeeper-worker", mixinStandardHelpOptions = true, versionProvider = WorkerCli.Version.class,
    description = "Scheduled backups, log rotation, SQLite maintenance and service restarts, with job history,"
        + " Prometheus metrics and an authenticated admin API. Without a command: run.")
public final class WorkerCli implements Callable<Integer> {
  public static final String NAME = "hostkeeper-worker";

  @Mixin CommonOptions common = new CommonOptions();
  @Spec CommandSpec spec;

  @Option(names = "--web.config.file", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "web-config file for TLS and basic auth of the metrics port, in the Prometheus exporter format"
          + " (overrides worker.web_config_file)")
  Path webConfigFile;

  /** {@code loaded} with {@code --web.config.file} applied, as given to the root command of {@code spec}. */
  static LoadedConfig withFlags(CommandSpec spec, LoadedConfig loaded) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      if (s.userObject() instanceof WorkerCli root && root.webConfigFile != null) {
        HostkeeperConfig c = loaded.config();
        return loaded.withConfig(new HostkeeperConfig(c.exporter(), c.services(), c.worker().withWebConfigFile(root.webConfigFile),
            c.backups(), c.logs(), c.databases(), c.commands(), c.cleanup()));
      }
    }
    return loaded;
  }

  @Override
  public Integer call() throws Exception {
    return RunCommand.run(spec, RunCommand.DEFAULT_STOP_TIMEOUT_SECONDS);
  }

  /**
   * The command line for {@code args}. When they run the worker (no subcommand, or {@code run},
   * without help or version), it has the run command only: the picocli models of the other
   * subcommands are a large part of the main thread's work before the first scrape. Anything else
   * (another subcommand, help, an argument it does not parse) gets {@link #commandLine()}, which
   * answers exactly as before.
   */
  public static CommandLine commandLine(String... args) {
    CommandLine run = Cli.commandLine(NAME, new CommandLine(new WorkerCli()));
    run.addSubcommand(new RunCommand());
    return Cli.forArgs(run, WorkerCli::commandLine, args);
  }

  /** The command line with every subcommand: run, jobs, check-config, then the areas' (WorkerModules). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new WorkerCli());
    cl.addSubcommand(new RunCommand());
    cl.addSubcommand(new JobsCommand());
    cl.addSubcommand(new SchedulerCommand());
    cl.addSubcommand(new ServicesCommand());
    WorkerCli root = cl.getCommand();
    cl.addSubcommand(new CheckConfigCommand("the worker",
        "the exporter's checks: hostkeeper-exporter check-config (both: ./run.sh check-config)",
        loaded -> WorkerModules.runChecks(withFlags(root.spec, loaded)),
        loaded -> WorkerModules.runWarnings(withFlags(root.spec, loaded))));
    for (Class<?> c : WorkerModules.subcommands()) cl.addSubcommand(c);
    return cl;
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.load();
      return new String[] {NAME + " " + b.version() + " (" + b.revision() + "), Java " + b.javaVersion()};
    }
  }
}

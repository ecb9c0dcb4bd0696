package io.hostkeeper.single;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.cli.CheckConfigCommand;
import io.hostkeeper.common.cli.Cli;
import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.worker.WorkerModules;
import io.hostkeeper.worker.cli.JobsCommand;
import io.hostkeeper.worker.cli.SchedulerCommand;
import io.hostkeeper.worker.cli.ServicesCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Entry point of hostkeeper-single.jar: the exporter and the worker in one JVM ({@code run}, the
 * default), {@code check-config} with both halves' checks, and the worker's own commands
 * ({@code jobs}, {@code backup}, {@code restore}, ...), so a host with only this jar lacks none.
 * Exit codes as in the two jars.
 */
@Command(name = Main.PROGRAM, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "The exporter and the worker in one JVM: host metrics on exporter.listen, backups, log rotation,"
        + " SQLite maintenance and service restarts with their metrics on worker.metrics_listen. Without a command: run.")
public final class Main implements Callable<Integer> {
  static final String PROGRAM = "hostkeeper-single";

  @Mixin CommonOptions common = new CommonOptions();
  @Mixin ExporterOptions exporterOptions = new ExporterOptions();

  @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "On stop, how long to wait for running jobs before they are marked interrupted (default: ${DEFAULT-VALUE}).")
  long stopTimeoutSeconds = 30;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code. */
  public static int execute(String... args) {
    return Cli.execute(PROGRAM, commandLine(args), args);
  }

  /**
   * For arguments that run both halves (no command, or {@code run}, without help or version), the
   * command line with the run command only; else {@link #commandLine()} (see {@link Cli#forArgs}).
   */
  static CommandLine commandLine(String... args) {
    Main main = new Main();
    CommandLine run = Cli.commandLine(PROGRAM, main);
    run.addSubcommand("run", new Run(main));
    return Cli.forArgs(run, Main::commandLine, args);
  }

  /** The command line with every command: run, check-config, then the worker's. */
  static CommandLine commandLine() {
    Main main = new Main();
    CommandLine cl = Cli.commandLine(PROGRAM, main);
    cl.addSubcommand("run", new Run(main));
    cl.addSubcommand("check-config", new CheckConfigCommand("the exporter and the worker", null,
        loaded -> SingleRun.checks(loaded, main.exporterOptions), WorkerModules::runWarnings));
    cl.addSubcommand(new JobsCommand());
    cl.addSubcommand(new SchedulerCommand());
    cl.addSubcommand(new ServicesCommand());
    for (Class<?> c : WorkerModules.subcommands()) cl.addSubcommand(c);
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    return SingleRun.run(common, exporterOptions, stopTimeoutSeconds);
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Serve metrics and run the scheduled jobs until stopped (the default).")
  static final class Run implements Callable<Integer> {
    private final Main parent;
    @Mixin CommonOptions common = new CommonOptions();

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "30",
        description = "On stop, how long to wait for running jobs before they are marked interrupted (default: ${DEFAULT-VALUE}).")
    long stopTimeoutSeconds = 30;

    Run(Main parent) {
      this.parent = parent;
    }

    @Override
    public Integer call() throws Exception {
      // --path.* and --web.listen-address are inherited options, held by the root command
      CommonOptions c = common.configFile().isPresent() ? common : parent.common;
      return SingleRun.run(c, parent.exporterOptions, stopTimeoutSeconds);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.load();
      return new String[] {PROGRAM + " " + b.version() + " (revision " + b.revision() + ", Java " + b.javaVersion() + ")"};
    }
  }
}

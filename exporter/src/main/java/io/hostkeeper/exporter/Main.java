package io.hostkeeper.exporter;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.cli.CheckConfigCommand;
import io.hostkeeper.common.cli.Cli;
import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.exporter.targets.TargetsCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Entry point of hostkeeper-exporter.jar: {@code run} (the default), {@code check-config} and
 * {@code targets} (the file_sd files of a fleet).
 * Exit codes: 0 ok, 1 invalid configuration ({@code check-config}), 2 start-up failure the user can
 * fix (one line on stderr: bad configuration, port in use).
 */
@Command(name = "hostkeeper-exporter", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Host metrics for Prometheus on /metrics, host status on /api/status.")
public final class Main implements Callable<Integer> {
  static final String PROGRAM = "hostkeeper-exporter";

  @Mixin CommonOptions common;
  @Mixin ExporterOptions options;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code. */
  public static int execute(String... args) {
    Main main = new Main();
    CommandLine cli = Cli.commandLine(PROGRAM, main);
    cli.addSubcommand("run", new Run(main));
    cli.addSubcommand("check-config", new CheckConfigCommand("the exporter",
        "the worker's checks: hostkeeper-worker check-config (both: ./run.sh check-config)",
        loaded -> ExporterStartup.check(loaded, main.options), loaded -> ExporterStartup.webWarnings(loaded, main.options)));
    cli.addSubcommand("targets", new TargetsCommand());
    return Cli.execute(PROGRAM, cli, args);
  }

  @Override
  public Integer call() throws Exception {
    return ExporterStartup.run(common, options);
  }

  @Command(name = "run", mixinStandardHelpOptions = true, description = "Serve metrics until stopped (the default).")
  static final class Run implements Callable<Integer> {
    private final Main parent;
    @Mixin CommonOptions common;

    Run(Main parent) {
      this.parent = parent;
    }

    @Override
    public Integer call() throws Exception {
      CommonOptions c = common.configFile().isPresent() ? common : parent.common;
      return ExporterStartup.run(c, parent.options);
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

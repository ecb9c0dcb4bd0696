package io.hostkeeper.exporter;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.exporter.cli.StartupFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Entry point of hostkeeper-exporter.jar: {@code run} (the default) and {@code check-config}. */
@Command(name = "hostkeeper-exporter", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Host metrics for Prometheus on /metrics, host status on /api/status.",
    subcommands = {Main.Run.class, Main.CheckConfig.class})
public final class Main implements Callable<Integer> {
  @Mixin ExporterOptions options;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code: 0 ok, 1 invalid config (check-config), 2 startup failure. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof StartupFailure) {
        cmd.getErr().println("hostkeeper-exporter: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    return ExporterRunner.run(options);
  }

  @Command(name = "run", mixinStandardHelpOptions = true, description = "Serve metrics until stopped (the default).")
  static final class Run implements Callable<Integer> {
    @ParentCommand Main parent;
    @Mixin ExporterOptions options;

    @Override
    public Integer call() throws Exception {
      return ExporterRunner.run(options.orElse(parent.options));
    }
  }

  @Command(name = "check-config", mixinStandardHelpOptions = true,
      description = "Validate the configuration and exit: 0 and a summary when valid, 1 and every error when not.")
  static final class CheckConfig implements Callable<Integer> {
    @ParentCommand Main parent;
    @Mixin ExporterOptions options;

    @Override
    public Integer call() {
      return ExporterRunner.checkConfig(options.orElse(parent.options), System.out, System.err);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.load();
      return new String[] {"hostkeeper-exporter " + b.version() + " (revision " + b.revision() + ", Java " + b.javaVersion() + ")"};
    }
  }
}

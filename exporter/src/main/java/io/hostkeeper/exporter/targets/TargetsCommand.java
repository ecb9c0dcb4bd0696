package io.hostkeeper.exporter.targets;

import io.hostkeeper.common.cli.StartupFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hostkeeper-exporter targets add|remove|list}: one file_sd file per host in the folder
 * Prometheus reads, written atomically so Prometheus picks the change up without a reload.
 * A mistake the user can fix is one line and exit code 2.
 */
@Command(name = "targets", mixinStandardHelpOptions = true,
    description = "Add, remove or list the hosts Prometheus scrapes (one file_sd file per host).",
    subcommands = {TargetsCommand.Add.class, TargetsCommand.Remove.class, TargetsCommand.ListHosts.class})
public final class TargetsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  static final class DirOption {
    @Option(names = "--dir", defaultValue = "prometheus/targets", paramLabel = "DIR",
        description = "the folder prometheus.yml's file_sd_configs reads (default: ${DEFAULT-VALUE})")
    Path dir;
  }

  private static StartupFailure failure(RuntimeException e) {
    return new StartupFailure(e.getMessage(), e);
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a host (or change it with --replace).")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin DirOption dir = new DirOption();
    @Parameters(index = "0", paramLabel = "NAME", description = "the host's name: its instance and host label, and the file name")
    String name;
    @Parameters(index = "1", paramLabel = "HOST:PORT", description = "the exporter's address as Prometheus reaches it")
    String exporter;
    @Option(names = "--worker", paramLabel = "HOST:PORT", description = "the worker's metrics address (port 29101), if it runs there")
    String worker;
    @Option(names = "--labels", paramLabel = "K=V,...", description = "extra labels, e.g. site=home,role=web")
    String labels;
    @Option(names = "--replace", description = "replace the host's file when it exists")
    boolean replace;

    @Override
    public Integer call() throws IOException {
      HostTarget host;
      Path file;
      try {
        host = new HostTarget(name, exporter, Optional.ofNullable(worker), HostTarget.parseLabels(labels));
        file = new TargetsDirectory(dir.dir).add(host, replace);
      } catch (IllegalArgumentException | TargetsDirectory.TargetsException e) {
        throw failure(e);
      }
      spec.commandLine().getOut().println("wrote " + file + " (Prometheus picks it up within its file_sd refresh, no reload)");
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a host's file.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin DirOption dir = new DirOption();
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws IOException {
      Path file;
      try {
        file = new TargetsDirectory(dir.dir).remove(name);
      } catch (TargetsDirectory.TargetsException e) {
        throw failure(e);
      }
      spec.commandLine().getOut().println("removed " + file);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List every target in the folder.")
  static final class ListHosts implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin DirOption dir = new DirOption();

    @Override
    public Integer call() throws IOException {
      java.util.List<TargetFile.Entry> entries;
      try {
        entries = new TargetsDirectory(dir.dir).list();
      } catch (TargetsDirectory.TargetsException e) {
        throw failure(e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-24s %-9s %-28s %s%n", "FILE", "ROLE", "TARGET", "LABELS");
      for (TargetFile.Entry e : entries) {
        out.printf("%-24s %-9s %-28s %s%n", e.file(), e.role(), e.target(), new java.util.TreeMap<>(e.labels()));
      }
      return 0;
    }
  }
}

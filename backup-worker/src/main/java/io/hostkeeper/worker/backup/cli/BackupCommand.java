package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.worker.backup.BackupCatalogue;
import io.hostkeeper.worker.backup.BackupRunner;
import io.hostkeeper.worker.backup.CatalogueEntry;
import io.hostkeeper.worker.backup.Retention;
import io.hostkeeper.worker.backup.archive.ArchiveWriter;
import io.hostkeeper.worker.backup.archive.SourceProblem;
import io.hostkeeper.worker.backup.pgp.KeyProblem;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code backup run NAME}, {@code backup list [NAME]}, {@code backup prune NAME [--dry-run]},
 * {@code backup contents ARCHIVE|--latest NAME [--key K]}, {@code backup copies [NAME]},
 * {@code backup copy NAME [--copy C] [--dry-run]}.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = "Run, list and prune backups, list an archive's contents, and sync or list remote copies.",
    subcommands = {BackupCommand.Run.class, BackupCommand.ListArchives.class, BackupCommand.Prune.class, BackupContents.class,
        CopiesCommand.ListCopies.class, CopiesCommand.SyncCopies.class})
public final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run one backup now, in this process, against the state database in the data directory.")
  public static final class Run implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();
    @Parameters(paramLabel = "NAME", description = "The backup's name in the configuration.") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      LoadedConfig loaded = common.loadConfig();
      BackupConfig b = CliSupport.backup(loaded, name);
      Path dataDir = CliSupport.dataDir(loaded);
      BackupCatalogue catalogue = new BackupCatalogue(CliSupport.stateDb(dataDir));
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ProgressBar bar = ProgressBar.onTerminal(err, -1);
      try {
        BackupRunner.Result r;
        long cpuBefore = processCpuNanos();
        try {
          r = new BackupRunner(b, catalogue, dataDir, dataDir.resolve("tmp"), Clock.systemDefaultZone(), counting(bar), null).run();
        } finally {
          if (bar != null) bar.done();
        }
        long cpuAfter = processCpuNanos();
        // the run's CPU, all threads (zstd's, the JIT's), without the JVM's start-up: what a running worker pays
        String cpu = cpuBefore < 0 || cpuAfter < 0 ? "" : String.format(", %.1f s CPU", (cpuAfter - cpuBefore) / 1e9);
        out.printf("%s: %s written and verified (%s, %d members, %.1f s%s)%n", name, r.archive().path(),
            CliSupport.bytes(r.archive().sizeBytes()), r.manifest().members().size(), r.archive().durationSeconds(), cpu);
        r.manifest().problems().forEach(p -> out.println("  note: " + p.path() + ": " + p.problem()));
        r.pruning().removed().forEach(e -> out.println("  pruned " + e.fileName()));
        if (r.pruning().pruneError() != null) {
          err.println("backup " + name + ": pruning failed: " + r.pruning().pruneError());
          return 1;
        }
        if (r.pruning().quotaError() != null) {
          err.println("backup " + name + ": " + r.pruning().quotaError());
          return 1;
        }
        return 0;
      } catch (KeyProblem | SourceProblem e) {
        throw new StartupFailure("backup " + name + " failed: " + e.getMessage(), e);
      } catch (IOException e) {
        err.println("backup " + name + " failed: " + e.getMessage());
        return 1;
      }
    }
  }

  /** CPU time of the whole process so far in nanoseconds, or -1 where the JVM cannot tell. */
  static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** Counts the archive bytes written, for the progress line (bytes and rate: the final size is not known ahead). */
  static ArchiveWriter.StreamWrapper counting(ProgressBar bar) {
    if (bar == null) return null;
    return s -> new FilterOutputStream(s) {
      private long written;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bar.accept(written += len);
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        bar.accept(++written);
      }
    };
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List archives in the catalogue.")
  public static final class ListArchives implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this backup.") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      LoadedConfig loaded = common.loadConfig();
      List<String> names = CliSupport.backups(loaded, name).stream().map(BackupConfig::name).toList();
      BackupCatalogue catalogue = new BackupCatalogue(CliSupport.stateDb(CliSupport.dataDir(loaded)));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-16s %-44s %-20s %12s %8s%n", "BACKUP", "ARCHIVE", "CREATED", "SIZE", "MEMBERS");
      for (String n : names) {
        for (CatalogueEntry e : catalogue.list(n)) {
          out.printf("%-16s %-44s %-20s %12s %8d%s%n", n, e.fileName(), e.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              CliSupport.bytes(e.sizeBytes()), e.members(), java.nio.file.Files.isRegularFile(e.path()) ? "" : "  (file missing)");
        }
      }
      return 0;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true, description = "Apply the backup's retention policy.")
  public static final class Prune implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--dry-run", description = "Only show what would be kept and deleted.") boolean dryRun;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      LoadedConfig loaded = common.loadConfig();
      BackupConfig b = CliSupport.backup(loaded, name);
      Path dataDir = CliSupport.dataDir(loaded);
      BackupCatalogue catalogue = new BackupCatalogue(CliSupport.stateDb(dataDir));
      BackupRunner.Pruning p = new BackupRunner(b, catalogue, dataDir.resolve("tmp"), Clock.systemDefaultZone(), null, null)
          .prune(dryRun);
      PrintWriter out = spec.commandLine().getOut();
      for (var k : p.decision().keep().entrySet()) {
        // An archive retention keeps may still go for the destination quota (listed below).
        if (p.removed().stream().anyMatch(e -> Long.toString(e.id()).equals(k.getKey().id()))) continue;
        out.println("keep    " + label(catalogue, k.getKey()) + "  (" + String.join(", ", k.getValue()) + ")");
      }
      for (CatalogueEntry e : p.removed()) out.println((dryRun ? "would delete " : "deleted ") + e.fileName());
      if (p.pruneError() != null) {
        spec.commandLine().getErr().println("prune " + name + ": " + p.pruneError());
        return 1;
      }
      if (p.quotaError() != null) {
        spec.commandLine().getErr().println("prune " + name + ": " + p.quotaError());
        return 1;
      }
      return 0;
    }

    private String label(BackupCatalogue catalogue, Retention.Archive a) {
      return catalogue.list(name).stream().filter(e -> Long.toString(e.id()).equals(a.id()))
          .map(CatalogueEntry::fileName).findFirst().orElse(a.id());
    }
  }
}

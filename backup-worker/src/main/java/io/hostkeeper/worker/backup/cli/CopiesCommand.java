package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.config.BackupConfig;
import io.hostkeeper.common.config.CopyConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.worker.backup.BackupCatalogue;
import io.hostkeeper.worker.backup.copy.CopyRun;
import io.hostkeeper.worker.backup.copy.CopyState;
import io.hostkeeper.worker.backup.copy.SftpCopyTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backup copies [NAME]} (each copy and its state) and {@code backup copy NAME [--copy C] [--dry-run]}. */
public final class CopiesCommand {
  private CopiesCommand() {}

  @Command(name = "copies", mixinStandardHelpOptions = true, description = "List the remote copies of backups and their state.")
  public static final class ListCopies implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this backup.") String name;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      LoadedConfig loaded = common.loadConfig();
      List<BackupConfig> backups = CliSupport.backups(loaded, name);
      CopyState state = new CopyState(CliSupport.stateDb(CliSupport.dataDir(loaded)));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-16s %-12s %-36s %-20s %8s  %s%n", "BACKUP", "COPY", "REMOTE", "LAST SUCCESS", "ARCHIVES", "LAST ERROR");
      for (BackupConfig b : backups) {
        for (CopyConfig c : b.copies()) {
          var row = state.find(b.name(), c.name()).orElse(null);
          String success = row == null || row.lastSuccess() == null ? "never" : row.lastSuccess().truncatedTo(ChronoUnit.SECONDS).toString();
          String archives = row == null || row.remoteArchives() == null ? "-" : row.remoteArchives().toString();
          String error = row == null || row.lastError() == null ? "" : "(" + row.lastReason() + ") " + row.lastError();
          out.printf("%-16s %-12s %-36s %-20s %8s  %s%n", b.name(), c.name(), c.sftp().url(),
              success, archives, error);
        }
      }
      return 0;
    }
  }

  @Command(name = "copy", mixinStandardHelpOptions = true,
      description = "Bring a backup's remote copies up to date now: upload what they lack, apply their retention.")
  public static final class SyncCopies implements Callable<Integer> {
    @Mixin CommonOptions common = new CommonOptions();
    @Parameters(paramLabel = "NAME", description = "The backup's name in the configuration.") String name;
    @Option(names = "--copy", paramLabel = "COPY", description = "Only this copy.") String only;
    @Option(names = "--dry-run", description = "Only show what would be uploaded and deleted.") boolean dryRun;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      LoadedConfig loaded = common.loadConfig();
      BackupConfig b = CliSupport.backup(loaded, name);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<CopyConfig> copies = b.copies().stream().filter(c -> only == null || c.name().equals(only)).toList();
      if (copies.isEmpty()) {
        err.println(only == null ? "backup " + name + " has no copies; add backups[].copies to the configuration"
            : "backup " + name + " has no copy named " + only);
        return 2;
      }
      Path dataDir = CliSupport.dataDir(loaded);
      Jdbi db = CliSupport.stateDb(dataDir);
      CopyRun run = new CopyRun(b, new BackupCatalogue(db), new CopyState(db), null, Clock.systemDefaultZone(), SftpCopyTarget::connect);
      int failed = 0;
      for (CopyConfig c : copies) {
        CopyRun.Outcome o = run.sync(c, dryRun);
        if (o.busy()) {
          err.println("copy " + c.name() + ": another sync is running");
          failed++;
          continue;
        }
        if (!o.ok()) {
          err.println("copy " + c.name() + " failed (" + o.failure().reason().label() + "): " + o.failure().getMessage());
          failed++;
          continue;
        }
        String verb = dryRun ? "would " : "";
        o.report().leftovers().forEach(n -> out.println(c.name() + ": " + verb + "remove leftover " + n));
        o.report().uploaded().forEach(n -> out.println(c.name() + ": " + (dryRun ? "would upload " : "uploaded ") + n));
        o.report().tooOld().forEach(n -> out.println(c.name() + ": not uploaded (older than the copy's retention keeps) " + n));
        o.report().missingLocally().forEach(n -> out.println(c.name() + ": not uploaded (the local file is missing) " + n));
        o.report().deleted().forEach(n -> out.println(c.name() + ": " + (dryRun ? "would delete " : "deleted ") + n));
        out.println(c.name() + ": " + o.report().remoteArchives() + " archive(s) on the remote" + (dryRun ? " afterwards" : ""));
      }
      return failed == 0 ? 0 : 1;
    }
  }
}

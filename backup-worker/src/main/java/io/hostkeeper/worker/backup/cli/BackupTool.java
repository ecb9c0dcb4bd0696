package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The backup commands on their own ({@code java -cp hostkeeper-worker.jar
 * io.hostkeeper.worker.backup.cli.BackupTool backup run NAME}), for bench/backup and for hosts
 * that want a restore tool without the worker. The worker CLI offers the same subcommands.
 */
@Command(name = "hostkeeper-backup", mixinStandardHelpOptions = true,
    description = "OpenPGP-encrypted backups: run, list, prune, restore, verify, keys.")
public final class BackupTool implements Runnable {
  private BackupTool() {}

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BackupTool());
    cl.addSubcommand(new BackupCommand());
    cl.addSubcommand(new RestoreCommand());
    cl.addSubcommand(new VerifyCommand());
    cl.addSubcommand(new KeysCommand());
    return cl;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    Cli.run("hostkeeper-backup", commandLine(), args);
  }
}

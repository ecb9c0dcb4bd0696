package io.hostkeeper.worker.backup.cli;

import io.hostkeeper.common.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the backup commands as the worker's command line would, capturing both streams. */
public final class BackupCli {
  private BackupCli() {}

  public record Run(int code, String out, String err) {}

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute("hostkeeper-worker", BackupTool.commandLine(), new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }
}

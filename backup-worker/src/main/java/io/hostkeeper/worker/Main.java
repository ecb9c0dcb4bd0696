package io.hostkeeper.worker;

import io.hostkeeper.common.cli.Cli;
import io.hostkeeper.worker.cli.WorkerCli;

/** Entry point of hostkeeper-worker.jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Cli.run(WorkerCli.NAME, WorkerCli.commandLine(args), args);
  }
}

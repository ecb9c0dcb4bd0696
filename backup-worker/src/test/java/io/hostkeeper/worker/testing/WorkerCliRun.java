package io.hostkeeper.worker.testing;

import io.hostkeeper.common.cli.Cli;
import io.hostkeeper.worker.cli.WorkerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Runs the worker's CLI in-process, as a user would type it, and keeps what it printed. */
public final class WorkerCliRun {
  private WorkerCliRun() {}

  public record Result(int code, String out, String err) {}

  public static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(WorkerCli.NAME, WorkerCli.commandLine(args), new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** A port free on loopback right now, for a config that needs a fixed one. */
  public static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

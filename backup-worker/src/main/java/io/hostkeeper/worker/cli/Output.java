package io.hostkeeper.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/** How the admin CLI verbs answer: the rendered body on stdout and 0, or the API's message on stderr and 1. */
final class Output {
  private Output() {}

  static int answer(CommandSpec spec, String command, AdminClient.Answer a, int expected, Function<JsonNode, String> render) {
    if (a.status() != expected) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(command + ": " + a.errorMessage());
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(render.apply(a.body()));
    out.flush();
    return 0;
  }
}

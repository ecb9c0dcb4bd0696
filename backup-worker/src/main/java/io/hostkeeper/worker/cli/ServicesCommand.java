package io.hostkeeper.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code services list|status|rearm|restart}: the watchdog of the running worker, through its admin API. */
@Command(name = "services", mixinStandardHelpOptions = true,
    description = "Show the watched services, re-arm a watchdog that gave up, or restart a service now"
        + " (through the running worker's admin API, with the admin token).",
    subcommands = {ServicesCommand.ListServices.class, ServicesCommand.Status.class, ServicesCommand.Rearm.class,
        ServicesCommand.Restart.class})
public final class ServicesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  static String path(String name, String action) {
    return "/api/services/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/" + action;
  }

  /** A verb on one service: the admin target and the service name. */
  abstract static class OneService implements Callable<Integer> {
    @Mixin JobsCommand.Target target = new JobsCommand.Target();
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Service name as in services: of the configuration.")
    String name;
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Every configured service: watched or not, watchdog state, failures, restarts in the window.")
  static final class ListServices implements Callable<Integer> {
    @Mixin JobsCommand.Target target = new JobsCommand.Target();
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Output.answer(spec, "services list", target.client(spec).get("/api/services"), 200, ServiceTable::render);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "One service's watchdog in full: state, counters, deadlines, last check, recent restarts.")
  static final class Status extends OneService {
    @Override
    public Integer call() {
      AdminClient.Answer a = target.client(spec).get("/api/services");
      if (a.status() == 200) {
        for (JsonNode s : a.body().path("services")) {
          if (s.path("name").asText().equals(name)) return Output.answer(spec, "services status", a, 200, b -> ServiceTable.detail(s));
        }
        spec.commandLine().getErr().println("services status: no service named " + name + " (`services list` shows them)");
        spec.commandLine().getErr().flush();
        return 1;
      }
      return Output.answer(spec, "services status " + name, a, 200, b -> "");
    }
  }

  @Command(name = "rearm", mixinStandardHelpOptions = true,
      description = "Leave gave_up (or clear the counters and backoff): fix the service first.")
  static final class Rearm extends OneService {
    @Override
    public Integer call() {
      return Output.answer(spec, "services rearm " + name, target.client(spec).post(path(name, "rearm")), 200,
          b -> b.path("service").asText() + ": " + b.path("previous_state").asText() + " -> " + b.path("state").asText());
    }
  }

  @Command(name = "restart", mixinStandardHelpOptions = true,
      description = "Restart a service now through the watchdog's gate (refused while it gave up, backs off or restarts)."
          + " Exit 0 when the restart command succeeded.")
  static final class Restart extends OneService {
    @Override
    public Integer call() {
      AdminClient.Answer a = target.client(spec).post(path(name, "restart"));
      int code = Output.answer(spec, "services restart " + name, a, 200, b -> b.path("message").asText()
          + ServiceTable.outputTail(b.path("restart")));
      return code == 0 && !"success".equals(a.body().path("result").asText()) ? 1 : code;
    }
  }
}

package io.hostkeeper.worker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code scheduler pause|resume|status}: the whole scheduler of the running worker, through its admin API. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
    description = "Pause or resume every scheduled job of the running worker (through its admin API, with the admin token).",
    subcommands = {SchedulerCommand.Status.class, SchedulerCommand.Pause.class, SchedulerCommand.Resume.class})
public final class SchedulerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the scheduler is running or paused.")
  static final class Status implements Callable<Integer> {
    @Mixin JobsCommand.Target target = new JobsCommand.Target();
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Output.answer(spec, "scheduler status", target.client(spec).get("/api/jobs"), 200,
          body -> "scheduler: " + body.path("scheduler").asText());
    }
  }

  /** POST /api/scheduler/{action}. */
  abstract static class Toggle implements Callable<Integer> {
    @Mixin JobsCommand.Target target = new JobsCommand.Target();
    @Spec CommandSpec spec;

    abstract String action();

    @Override
    public Integer call() {
      return Output.answer(spec, "scheduler " + action(), target.client(spec).post("/api/scheduler/" + action()), 200,
          body -> "scheduler: " + body.path("scheduler").asText());
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Stop starting scheduled runs (running ones finish; `jobs run` still works) until `scheduler resume`, also across restarts.")
  static final class Pause extends Toggle {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Start scheduled runs again; a job that missed its run while paused runs once now.")
  static final class Resume extends Toggle {
    @Override
    String action() {
      return "resume";
    }
  }
}

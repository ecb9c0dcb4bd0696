package io.hostkeeper.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.WorkerPaths;
import io.hostkeeper.worker.admin.AdminToken;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jobs list} and {@code jobs run NAME}, against the running worker's admin API. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "List or start the jobs of the running worker (through its admin API, with the admin token).",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.RunJob.class, JobsCommand.History.class,
        JobsCommand.Show.class, JobsCommand.Pause.class, JobsCommand.Resume.class})
public final class JobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The common options plus where the admin API is; mixed into every jobs subcommand. */
  static class Target extends CommonOptions {
    @Option(names = "--admin-url", paramLabel = "URL",
        description = "Admin API base URL. Default: from worker.admin.listen in the configuration.")
    String adminUrl;

    AdminClient client(CommandSpec spec) {
      Options.configureLogging(spec);
      HostkeeperConfig config = Options.loadConfig(spec).config();
      String token;
      try {
        token = AdminToken.forClient(config.worker().admin(), WorkerPaths.dataDir(config.worker())).value();
      } catch (AdminToken.TokenException e) {
        throw new StartupFailure(e.getMessage());
      }
      return new AdminClient(adminUrl != null ? adminUrl : AdminClient.baseUrl(config.worker().admin().listen()), token);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the jobs: state, schedule, next run, last result.")
  static final class ListJobs implements Callable<Integer> {
    @Mixin Target target = new Target();
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      AdminClient.Answer a = target.client(spec).get("/api/jobs");
      PrintWriter out = spec.commandLine().getOut();
      if (a.status() != 200) {
        spec.commandLine().getErr().println("jobs list: " + a.errorMessage());
        return 1;
      }
      out.println(JobTable.render(a.body()));
      out.flush();
      return 0;
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Start a job now (also a disabled or paused one). Exit 0 when started (with --wait: when it succeeded or was skipped).")
  static final class RunJob implements Callable<Integer> {
    @Mixin Target target = new Target();
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Job name as `jobs list` shows it, e.g. backup:app.")
    String name;

    @Option(names = "--wait", description = "Wait for the run to finish and exit 1 if it failed.")
    boolean await;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "3600",
        description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long waitTimeoutSeconds = 3600;

    @Override
    public Integer call() throws InterruptedException {
      AdminClient client = target.client(spec);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String path = AdminClient.jobPath(name);
      long lastId = client.get(path).body().path("last_result").path("id").asLong(-1);
      AdminClient.Answer a = client.post(path + "/run");
      if (a.status() != 202) {
        err.println("jobs run " + name + ": " + a.errorMessage());
        err.flush();
        return 1;
      }
      out.println("started " + name);
      out.flush();
      if (!await) return 0;
      Instant deadline = Instant.now().plus(Duration.ofSeconds(waitTimeoutSeconds));
      while (Instant.now().isBefore(deadline)) {
        JsonNode job = client.get(path).body();
        JsonNode last = job.path("last_result");
        if (!job.path("running").asBoolean() && last.path("id").asLong(-1) > lastId) {
          String result = last.path("result").asText();
          out.println(name + ": " + result + " after " + last.path("duration_seconds").asText() + "s: "
              + last.path("message").asText(""));
          out.flush();
          return result.equals("success") || result.equals("skipped") ? 0 : 1;
        }
        Thread.sleep(250);
      }
      err.println("jobs run " + name + ": still running after " + waitTimeoutSeconds + "s; see `jobs list`");
      err.flush();
      return 1;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "Show a job's latest runs, newest first.")
  static final class History implements Callable<Integer> {
    @Mixin Target target = new Target();
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Job name, e.g. backup:app.")
    String name;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Override
    public Integer call() {
      AdminClient.Answer a = target.client(spec).get(AdminClient.jobPath(name) + "/runs?limit=" + limit);
      if (a.status() != 200) {
        spec.commandLine().getErr().println("jobs history " + name + ": " + a.errorMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(JobTable.runs(a.body()));
      out.flush();
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show one run in full, its details included (RUN_ID is the ID column of `jobs history`).")
  static final class Show implements Callable<Integer> {
    @Mixin Target target = new Target();
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "RUN_ID", description = "Run id, as `jobs history NAME` shows it.")
    long id;

    @Override
    public Integer call() {
      return Output.answer(spec, "jobs show " + id, target.client(spec).get("/api/runs/" + id), 200, JobTable::run);
    }
  }

  /** {@code jobs pause NAME} / {@code jobs resume NAME}: the job keeps its state across restarts. */
  abstract static class Toggle implements Callable<Integer> {
    @Mixin Target target = new Target();
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Job name, e.g. backup:app.")
    String name;

    abstract String action();

    @Override
    public Integer call() {
      AdminClient.Answer a = target.client(spec).post(AdminClient.jobPath(name) + "/" + action());
      if (a.status() != 200) {
        spec.commandLine().getErr().println("jobs " + action() + " " + name + ": " + a.errorMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
      JsonNode next = a.body().path("next_run");
      spec.commandLine().getOut().println(name + ": " + a.body().path("state").asText()
          + (next.isNull() || next.isMissingNode() ? "" : ", next run " + next.asText()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Stop scheduling a job (it can still be run by hand) until `jobs resume`, also across restarts.")
  static final class Pause extends Toggle {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Schedule a paused job again; if it missed a run while paused, it runs once now.")
  static final class Resume extends Toggle {
    @Override
    String action() {
      return "resume";
    }
  }
}

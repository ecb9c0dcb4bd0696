package io.hostkeeper.worker.commands;

import io.hostkeeper.common.config.CommandConfig;
import io.hostkeeper.common.config.Durations;
import io.hostkeeper.common.probe.CommandRunner;
import io.hostkeeper.common.probe.CommandRunner.Ending;
import io.hostkeeper.common.probe.CommandRunner.Invocation;
import io.hostkeeper.common.probe.CommandRunner.Output;
import io.hostkeeper.worker.job.ConfiguredJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code commands:} entry ({@code command:<name>}): runs the argv under the shared
 * {@link CommandRunner} (TERM then KILL to the whole tree at the timeout), and puts the exit code,
 * duration, output size and the last lines of output in the run's history. Exit 0 within
 * {@code max_runtime} is a success; anything else is a failure, after which {@code on_failure}
 * runs once.
 */
public final class CommandJob extends ConfiguredJob {
  private final CommandConfig config;
  private final CommandRunner runner;
  private final Path defaultDir;

  /** @param defaultDir working directory when the config names none */
  public CommandJob(CommandConfig config, CommandRunner runner, Path defaultDir) {
    super("command:" + config.name(), config);
    if (runner == null || defaultDir == null) throw new IllegalArgumentException("CommandJob needs a runner and a directory");
    this.config = config;
    this.runner = runner;
    this.defaultDir = defaultDir;
  }

  public CommandConfig config() {
    return config;
  }

  @Override
  protected JobOutcome run(JobRunContext context) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("command", config.command());
    if (config.user() != null) details.put("user", config.user());
    long start = System.nanoTime();
    CommandRunner.Result r = runner.run(invocation(config.command(), Map.of()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    details.put("duration_seconds", took.toMillis() / 1000.0);
    List<String> lines = CommandLine.lastLines(r.output(), CommandLine.TAIL_LINES);
    details.put("output_bytes", r.outputBytes());
    details.put("output_tail", lines);
    String failure = switch (r.ending()) {
      case NOT_STARTED -> r.problem() + " (check commands." + config.name()
          + (r.problem().startsWith("working directory") ? ".working_dir)" : ".command)");
      case TIMED_OUT -> "timed out after " + Durations.format(config.timeout()) + "; the command and its children were stopped";
      case EXITED -> {
        details.put("exit_code", r.exitCode());
        if (r.exitCode() != 0) yield "exited with status " + r.exitCode();
        if (config.maxRuntime() != null && took.compareTo(config.maxRuntime()) > 0) {
          yield "took " + Durations.format(Duration.ofSeconds(took.toSeconds())) + ", longer than max_runtime " + Durations.format(config.maxRuntime());
        }
        yield null;
      }
    };
    details.put("timed_out", r.ending() == Ending.TIMED_OUT);
    String last = CommandLine.lastLine(lines);
    if (failure == null) return JobOutcome.success("exit 0 after " + seconds(took) + (last.isEmpty() ? "" : ": " + last), details);
    String message = failure + (last.isEmpty() ? "" : ": " + last);
    if (!config.onFailure().isEmpty()) message += "; " + onFailure(r, details);
    return JobOutcome.failure(message, details);
  }

  /** Runs {@code on_failure} once, with what failed in its environment; says how it went. */
  private String onFailure(CommandRunner.Result failed, Map<String, Object> details) {
    Map<String, String> env = new HashMap<>();
    env.put("HOSTKEEPER_COMMAND", config.name());
    env.put("HOSTKEEPER_ENDING", failed.ending().name().toLowerCase(java.util.Locale.ROOT));
    env.put("HOSTKEEPER_EXIT_CODE", failed.ending() == Ending.EXITED ? Integer.toString(failed.exitCode()) : "");
    CommandRunner.Result r = runner.run(invocation(config.onFailure(), env));
    Map<String, Object> hook = new LinkedHashMap<>();
    hook.put("command", config.onFailure());
    hook.put("output_tail", CommandLine.lastLines(r.output(), 10));
    String said = switch (r.ending()) {
      case NOT_STARTED -> "on_failure not started: " + r.problem();
      case TIMED_OUT -> "on_failure timed out";
      case EXITED -> r.exitCode() == 0 ? "on_failure ran" : "on_failure exited with status " + r.exitCode();
    };
    if (r.ending() == Ending.EXITED) hook.put("exit_code", r.exitCode());
    details.put("on_failure", hook);
    return said;
  }

  private Invocation invocation(List<String> command, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(config.env());
    env.putAll(extra);
    Path dir = config.workingDir() != null ? config.workingDir() : defaultDir;
    return new Invocation(CommandLine.argv(command, config.user()), config.timeout(), dir, env, Output.TAIL);
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}

package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.Durations;
import io.hostkeeper.common.probe.CommandRunner;
import io.hostkeeper.common.probe.CommandRunner.Ending;
import io.hostkeeper.common.probe.CommandRunner.Invocation;
import io.hostkeeper.common.probe.CommandRunner.Output;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One restart command and how it ended, in the watchdog's words (result label, one line for
 * people, the details kept in the history). The command runs on the shared {@link CommandRunner}
 * with its output in a scratch file, so a daemon it leaves running cannot hold the watchdog up.
 *
 * @param argv the command as run
 * @param command the runner's result
 */
public record RestartRun(List<String> argv, CommandRunner.Result command) {

  /** How much of the end of a restart command's output is kept. */
  public static final int TAIL_BYTES = 4096;

  public RestartRun {
    argv = List.copyOf(argv);
  }

  /** The runner for restart commands: output files in {@code scratchDir}, the last {@link #TAIL_BYTES} kept. */
  public static CommandRunner runner(Path scratchDir, Duration killGrace) {
    return new CommandRunner(killGrace, TAIL_BYTES, scratchDir);
  }

  /** Runs {@code argv} on {@code runner}; never throws for a command that fails. */
  public static RestartRun run(CommandRunner runner, List<String> argv, Duration timeout) {
    return new RestartRun(argv, runner.run(Invocation.of(argv, timeout, Output.FILE_TAIL)));
  }

  public boolean started() {
    return command.ending() != Ending.NOT_STARTED;
  }

  public boolean timedOut() {
    return command.ending() == Ending.TIMED_OUT;
  }

  /** Whether SIGTERM was not enough and SIGKILL was sent. */
  public boolean killed() {
    return command.killed();
  }

  /** The exit status, or -1 when it did not exit by itself. */
  public int exitStatus() {
    return command.exitCode();
  }

  /** Why it could not be started (empty when it started). */
  public String startError() {
    return command.problem();
  }

  public Duration duration() {
    return command.duration();
  }

  /** The end of its combined stdout and stderr, marked with … when cut. */
  public String outputTail() {
    return command.cut() ? "…" + command.output().stripTrailing() : command.output().strip();
  }

  /** The {@code result} label: success, timeout or failure. */
  public String result() {
    if (timedOut()) return "timeout";
    return started() && exitStatus() == 0 ? "success" : "failure";
  }

  /** One line for people: {@code exit 0}, {@code exit 3}, {@code timed out ...}, {@code could not start: ...}. */
  public String describe() {
    if (!started()) return "could not start: " + startError() + " (check restart.command)";
    if (timedOut()) {
      return "timed out after " + Durations.format(duration().withNanos(0))
          + (killed() ? " (SIGTERM ignored, killed)" : " (terminated)");
    }
    return "exit " + exitStatus();
  }

  /** JSON-friendly details for the job history and the admin API. */
  public Map<String, Object> details() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("argv", argv);
    m.put("result", result());
    m.put("exit_status", exitStatus());
    m.put("timed_out", timedOut());
    m.put("killed", killed());
    if (!started()) m.put("error", startError());
    m.put("output_tail", outputTail());
    m.put("duration_seconds", duration().toNanos() / 1e9);
    return m;
  }
}

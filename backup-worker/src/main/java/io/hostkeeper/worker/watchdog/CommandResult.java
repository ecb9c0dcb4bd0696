package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one restart command ended.
 *
 * @param argv the command as run
 * @param exitStatus the exit status, or -1 when it could not be started
 * @param timedOut whether it exceeded its timeout and was terminated
 * @param killed whether SIGTERM was not enough and SIGKILL was sent
 * @param startError why it could not be started (empty when it started)
 * @param outputTail the last bytes of its combined stdout and stderr
 * @param duration wall time from start to end
 */
public record CommandResult(
    List<String> argv, int exitStatus, boolean timedOut, boolean killed, String startError,
    String outputTail, Duration duration) {

  public CommandResult {
    argv = List.copyOf(argv);
    startError = startError == null ? "" : startError;
    outputTail = outputTail == null ? "" : outputTail;
  }

  public boolean started() {
    return startError.isEmpty();
  }

  /** The {@code result} label: success, timeout or failure. */
  public String result() {
    if (timedOut) return "timeout";
    return started() && exitStatus == 0 ? "success" : "failure";
  }

  /** One line for people: {@code exit 0}, {@code exit 3}, {@code timed out ...}, {@code could not start: ...}. */
  public String describe() {
    if (!started()) return "could not start: " + startError;
    if (timedOut) {
      return "timed out after " + Durations.format(duration.withNanos(0))
          + (killed ? " (SIGTERM ignored, killed)" : " (terminated)");
    }
    return "exit " + exitStatus;
  }

  /** JSON-friendly details for the job history and the admin API. */
  public Map<String, Object> details() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("argv", argv);
    m.put("result", result());
    m.put("exit_status", exitStatus);
    m.put("timed_out", timedOut);
    m.put("killed", killed);
    if (!started()) m.put("error", startError);
    m.put("output_tail", outputTail);
    m.put("duration_seconds", duration.toNanos() / 1e9);
    return m;
  }
}

package io.hostkeeper.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code commands:}: a scheduled command, run as an argv list (never through a shell)
 * with the job history, metrics and failing-job alert of every worker job.
 */
public record CommandConfig(
    /** Label of the job ({@code command:<name>}) and of its metrics. */
    @Required String name,
    @Required Schedule schedule,
    /** argv: the program and its arguments; a shell only when the user writes one here. */
    @Required List<String> command,
    /** The command and everything it started get SIGTERM at this point, then SIGKILL; the run fails. */
    @Default("10m") Duration timeout,
    /** A run that ends by itself but took longer than this is reported as failed (nothing is killed). */
    Duration maxRuntime,
    /** Working directory; absent: the worker's data directory. */
    Path workingDir,
    /** Extra environment variables (the worker's environment is passed on; these override it). */
    Map<String, String> env,
    /** Run as this user (the worker must be root); absent: as the worker's user. */
    String user,
    /** argv run once when a run fails or times out (same user, working directory and environment). */
    List<String> onFailure,
    ZoneId timeZone,
    @Default("true") boolean catchUp) implements ScheduledConfig {

  /** A job label: letters, digits, {@code _ . -}. */
  public static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,64}";

  public CommandConfig {
    command = List.copyOf(command);
    onFailure = List.copyOf(onFailure);
    env = Map.copyOf(env);
    if (name != null && !name.matches(NAME_PATTERN)) {
      throw new ConfigViolation("name", "use 1 to 64 letters, digits, '_', '.' or '-', got " + Texts.quote(name));
    }
    if (command.isEmpty() && name != null) throw new ConfigViolation("command", "needs the program and its arguments, e.g. [\"/usr/bin/apt-get\", \"update\"]");
    if (!command.isEmpty() && command.get(0).isBlank()) throw new ConfigViolation("command", "the program must not be empty");
    if (!onFailure.isEmpty() && onFailure.get(0).isBlank()) throw new ConfigViolation("on_failure", "the program must not be empty");
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) throw new ConfigViolation("timeout", "must be positive");
    if (maxRuntime != null && (maxRuntime.isNegative() || maxRuntime.isZero())) throw new ConfigViolation("max_runtime", "must be positive");
    if (maxRuntime != null && timeout != null && maxRuntime.compareTo(timeout) >= 0) {
      throw new ConfigViolation("max_runtime", "must be shorter than timeout (" + Durations.format(timeout)
          + "), which already kills the command; raise timeout or lower max_runtime");
    }
    if (user != null && !user.matches("[a-z_][a-z0-9_.-]{0,31}\\$?")) {
      throw new ConfigViolation("user", "not a user name: " + Texts.quote(user));
    }
    for (String key : env.keySet()) {
      if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new ConfigViolation("env", "not an environment variable name: " + Texts.quote(key));
    }
    if (workingDir != null && !workingDir.isAbsolute()) throw new ConfigViolation("working_dir", "must be an absolute path, got " + workingDir);
  }
}

package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.Durations;

import io.hostkeeper.common.config.CommandCheck;
import java.time.Duration;
import java.util.Objects;

/** Up when the argv exits 0 within the timeout; on timeout the whole process tree is ended. */
final class CommandProbe implements ServiceProbe {
  private static final int KEEP_OUTPUT = 4096;
  private final String service;
  private final CommandCheck check;
  private final CommandRunner runner;

  CommandProbe(String service, CommandCheck check, Duration killGrace) {
    this.service = Objects.requireNonNull(service);
    this.check = Objects.requireNonNull(check);
    if (check.timeout().isZero() || check.timeout().isNegative()) throw new IllegalArgumentException("command check of " + service + ": timeout must be positive");
    this.runner = new CommandRunner(killGrace, KEEP_OUTPUT);
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String kind() {
    return "command";
  }

  @Override
  public ProbeResult check() {
    Elapsed t = new Elapsed(check.timeout());
    CommandRunner.Result r = runner.run(check.command(), check.timeout());
    String program = check.command().get(0);
    return switch (r.ending()) {
      case NOT_STARTED -> t.down(r.problem());
      case TIMED_OUT -> t.down(program + " timed out after " + Durations.format(check.timeout()) + " and was killed");
      case EXITED -> r.exitCode() == 0 ? t.up()
          : t.down(program + " exited with status " + r.exitCode() + lastLine(r.output()));
    };
  }

  /** The last non-blank output line, as {@code ": line"}, at most 200 characters. */
  static String lastLine(String output) {
    String[] lines = output.strip().split("\\R");
    String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
    if (last.isEmpty()) return "";
    return ": " + (last.length() > 200 ? last.substring(0, 200) + "..." : last);
  }
}

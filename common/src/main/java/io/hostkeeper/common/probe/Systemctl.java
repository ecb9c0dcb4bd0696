package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads unit states with one {@code systemctl show --property=...} call for any number of units,
 * so a scrape costs one process however many units are watched.
 */
public final class Systemctl {
  /** The properties asked for; {@link UnitStatus} reads these. */
  public static final String PROPERTIES = "Id,LoadState,ActiveState,SubState,Result,NRestarts";

  /**
   * The outcome of one call: the statuses, or why there are none.
   *
   * @param units status per unit name as given, empty when the call failed
   * @param error why the call failed, "" when it did not
   */
  public record Batch(Map<String, UnitStatus> units, String error) {
    public boolean failed() {
      return !error.isEmpty();
    }
  }

  private final String program;
  private final CommandRunner runner;

  public Systemctl(String program, Duration killGrace) {
    if (program == null || program.isBlank()) throw new IllegalArgumentException("systemctl must name a program");
    this.program = program;
    this.runner = new CommandRunner(killGrace, 4 * 1024 * 1024);
  }

  /** The argv for the units (options first, then {@code --} so no unit is read as an option). */
  List<String> argv(List<String> units) {
    List<String> argv = new ArrayList<>(List.of(program, "show", "--no-pager", "--property=" + PROPERTIES, "--"));
    argv.addAll(units);
    return argv;
  }

  public Batch show(List<String> units, Duration timeout) {
    Objects.requireNonNull(units);
    List<String> distinct = List.copyOf(new LinkedHashSet<>(units));
    if (distinct.isEmpty()) return new Batch(Map.of(), "");
    CommandRunner.Result r = runner.run(argv(distinct), timeout);
    switch (r.ending()) {
      case NOT_STARTED:
        return new Batch(Map.of(), r.problem() + " (set exporter.paths.systemctl)");
      case TIMED_OUT:
        return new Batch(Map.of(), program + " show timed out after " + Durations.format(timeout));
      default:
        break;
    }
    if (r.exitCode() != 0) {
      return new Batch(Map.of(), program + " show exited with status " + r.exitCode() + CommandProbe.lastLine(r.output()));
    }
    try {
      return new Batch(SystemctlShowParser.parse(distinct, r.output()), "");
    } catch (IllegalArgumentException e) {
      return new Batch(Map.of(), "unexpected " + program + " output: " + e.getMessage());
    }
  }
}

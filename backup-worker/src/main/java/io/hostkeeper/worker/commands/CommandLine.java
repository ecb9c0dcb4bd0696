package io.hostkeeper.worker.commands;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pure pieces of a scheduled command: the argv actually started (with the privilege drop) and the
 * last lines of its output kept in the run's history.
 */
final class CommandLine {
  /** Where {@code runuser} lives on Debian, Ubuntu, Fedora and Alpine (util-linux). */
  static final String RUNUSER = "/usr/sbin/runuser";
  /** Lines of output kept in the run's details. */
  static final int TAIL_LINES = 40;
  /** Bytes of output read back from a run at most (the runner keeps no more than this). */
  static final int TAIL_BYTES = 16 * 1024;

  private CommandLine() {}

  /**
   * The argv started for {@code command}: as is, or, with a user, through
   * {@code runuser -u USER -- argv} (util-linux; root only), which sets the user's uid, gid and
   * supplementary groups and execs the command without a shell.
   */
  static List<String> argv(List<String> command, String user) {
    if (user == null) return List.copyOf(command);
    List<String> argv = new ArrayList<>(List.of(RUNUSER, "-u", user, "--"));
    argv.addAll(command);
    return List.copyOf(argv);
  }

  /** At most the last {@code max} lines of {@code output}, without a trailing empty line. */
  static List<String> lastLines(String output, int max) {
    if (output == null || output.isEmpty()) return List.of();
    List<String> lines = Arrays.asList(output.split("\r?\n", -1));
    int end = lines.size();
    if (end > 0 && lines.get(end - 1).isEmpty()) end--;
    return List.copyOf(lines.subList(Math.max(0, end - max), end));
  }

  /** The last non-blank line, for the run's one-line message; empty when there is none. */
  static String lastLine(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i).strip();
      if (!l.isEmpty()) return l.length() > 200 ? l.substring(0, 200) + "…" : l;
    }
    return "";
  }
}

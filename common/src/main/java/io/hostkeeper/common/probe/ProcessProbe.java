package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.ProcessCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Up when at least {@code min} processes have a name or a command line in which {@code match}
 * finds a match. On Linux the name is {@code <procfs>/<pid>/comm} and the command line is
 * {@code <procfs>/<pid>/cmdline} with its NUL separators read as spaces; elsewhere
 * {@link ProcessHandle.Info#command()} and its arguments. The exporter's own process never counts,
 * nor do zombies (state {@code Z} or {@code X} in {@code <pid>/stat}: exited, not yet reaped) or
 * processes that vanish while being read.
 */
final class ProcessProbe implements ServiceProbe {
  private static final Pattern PID = Pattern.compile("\\d+");
  private final String service;
  private final ProcessCheck check;
  private final Optional<Path> procfs;

  ProcessProbe(String service, ProcessCheck check, Optional<Path> procfs) {
    this.service = java.util.Objects.requireNonNull(service);
    this.check = java.util.Objects.requireNonNull(check);
    this.procfs = procfs;
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String kind() {
    return "process";
  }

  @Override
  public ProbeResult check() {
    Elapsed t = new Elapsed(java.time.Duration.ZERO);
    int found;
    try {
      found = procfs.isPresent() ? countProcfs(procfs.get()) : countHandles();
    } catch (IOException e) {
      return t.down("cannot list processes under " + procfs.map(Path::toString).orElse("ProcessHandle") + ": " + e.getMessage());
    }
    if (found >= check.min()) return t.up();
    String want = check.min() == 1 ? "no process matches" : "only " + found + " of at least " + check.min() + " processes match";
    return t.down(want + " /" + check.match().pattern() + "/");
  }

  private int countProcfs(Path root) throws IOException {
    long self = ProcessHandle.current().pid();
    int count = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, p -> PID.matcher(p.getFileName().toString()).matches())) {
      for (Path dir : dirs) {
        if (Long.parseLong(dir.getFileName().toString()) == self) continue;
        if ((matches(read(dir.resolve("comm")).strip()) || matches(cmdline(read(dir.resolve("cmdline")))))
            && !isDead(state(read(dir.resolve("stat"))))) {
          count++;
        }
      }
    }
    return count;
  }

  private int countHandles() {
    long self = ProcessHandle.current().pid();
    return (int) ProcessHandle.allProcesses().filter(h -> h.pid() != self).filter(h -> {
      ProcessHandle.Info info = h.info();
      String command = info.command().orElse("");
      String name = command.isEmpty() ? "" : Path.of(command).getFileName().toString();
      String line = info.commandLine().orElse(command);
      return matches(name) || matches(line);
    }).count();
  }

  private boolean matches(String text) {
    return !text.isEmpty() && check.match().matcher(text).find();
  }

  /** {@code /proc/<pid>/cmdline}: arguments separated (and ended) by NUL; read as one line with spaces. */
  static String cmdline(String raw) {
    String s = raw.replace('\0', ' ');
    return s.strip();
  }

  /** The state letter of a {@code <pid>/stat} line (the field after the command in parentheses), or ' '. */
  static char state(String stat) {
    int close = stat.lastIndexOf(')');
    return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : ' ';
  }

  private static boolean isDead(char state) {
    return state == 'Z' || state == 'X';
  }

  /** Reads a small procfs file; a process that vanished (or is not ours to read) reads as empty. */
  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException | SecurityException e) {
      return "";
    }
  }
}

package io.hostkeeper.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real program started by a test, its output in a log file; closing it stops exactly this
 * process (TERM, then KILL after a grace period) and never anything else.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(String name, List<String> argv, Path workDir, Path log) throws IOException {
    return start(name, argv, workDir, log, java.util.Map.of());
  }

  /** Starts with {@code env} added to this process's environment. */
  static ChildProcess start(String name, List<String> argv, Path workDir, Path log, java.util.Map<String, String> env)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new ChildProcess(name, pb.start(), log);
  }

  @Override
  public String toString() {
    return name;
  }

  /** The process id, for measuring it (RSS, CPU time) from /proc. */
  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The last lines of the output, for assertion messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return "--- " + name + " (" + log + ") ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "--- " + name + ": no log (" + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

package io.hostkeeper.worker.watchdog;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a restart command as an argv list (never through a shell) with a timeout. On timeout the
 * command and its descendants get SIGTERM, then SIGKILL after {@code killGrace}. Output (stdout and
 * stderr together) goes to a temporary file rather than a pipe, so a command that leaves a daemon
 * behind holding its stdout cannot make the watchdog wait; only the last {@link #TAIL_BYTES} are
 * kept.
 */
public final class RestartCommandRunner {

  public static final int TAIL_BYTES = 4096;

  private final Path scratchDir;
  private final Duration killGrace;
  private final AtomicBoolean cleaned = new AtomicBoolean();

  /** @param scratchDir where output files live while a command runs (created when needed) */
  public RestartCommandRunner(Path scratchDir, Duration killGrace) {
    this.scratchDir = Objects.requireNonNull(scratchDir, "scratchDir");
    this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
    if (killGrace.isNegative()) throw new IllegalArgumentException("killGrace must not be negative");
  }

  /** Never throws for a command that fails; trouble is in the result. */
  public CommandResult run(List<String> argv, Duration timeout) {
    if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
    long start = System.nanoTime();
    Path out;
    try {
      Files.createDirectories(scratchDir);
      if (cleaned.compareAndSet(false, true)) removeLeftovers();
      out = Files.createTempFile(scratchDir, "restart-", ".out");
    } catch (IOException e) {
      return notStarted(argv, "cannot create an output file in " + scratchDir + ": " + e.getMessage(), start);
    }
    try {
      Process process;
      try {
        process = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
      } catch (IOException e) {
        return notStarted(argv, startError(argv.get(0), e), start);
      }
      try {
        process.getOutputStream().close();
      } catch (IOException ignored) {
        // stdin of a process that already exited; nothing to close
      }
      boolean timedOut = false;
      boolean killed = false;
      try {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
          timedOut = true;
          killed = terminate(process);
        }
      } catch (InterruptedException e) {
        terminate(process);
        Thread.currentThread().interrupt();
        timedOut = true;
      }
      int exit = process.isAlive() ? -1 : process.exitValue();
      return new CommandResult(argv, exit, timedOut, killed, "", tail(out),
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      try {
        Files.deleteIfExists(out);
      } catch (IOException ignored) {
        // a leftover scratch file is harmless
      }
    }
  }

  /**
   * Output files of commands that ran while an earlier worker process was killed are left over:
   * removed once, at the first command of this process (files older than this process's start).
   */
  private void removeLeftovers() {
    Instant processStart = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(scratchDir, "restart-*.out")) {
      for (Path f : files) {
        if (Files.getLastModifiedTime(f).toInstant().isBefore(processStart)) Files.deleteIfExists(f);
      }
    } catch (IOException ignored) {
      // leftovers are harmless; the next start tries again
      cleaned.set(false);
    }
  }

  /** SIGTERM to the command and its descendants, SIGKILL after the grace. True when KILL was needed. */
  private boolean terminate(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    boolean killed = false;
    try {
      if (!process.waitFor(killGrace.toNanos(), TimeUnit.NANOSECONDS)) {
        killed = true;
        process.destroyForcibly();
      }
      descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      process.waitFor(Math.max(1, killGrace.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      descendants.forEach(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    }
    return killed;
  }

  private static String startError(String program, IOException e) {
    String msg = String.valueOf(e.getMessage());
    int i = msg.indexOf("error=");
    String cause = i >= 0 && msg.indexOf(", ", i) > 0 ? msg.substring(msg.indexOf(", ", i) + 2) : msg;
    return program + ": " + cause + " (check restart.command)";
  }

  private static CommandResult notStarted(List<String> argv, String error, long start) {
    return new CommandResult(argv, -1, false, false, error, "", Duration.ofNanos(System.nanoTime() - start));
  }

  /** The last TAIL_BYTES of the file as text, starting at a line boundary when cut. */
  static String tail(Path file) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int n = (int) Math.min(length, TAIL_BYTES);
      byte[] bytes = new byte[n];
      raf.seek(length - n);
      raf.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (n < length) {
        int nl = text.indexOf('\n');
        text = "…" + (nl >= 0 && nl < text.length() - 1 ? text.substring(nl + 1) : text);
      }
      return text.strip();
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }
}

package io.hostkeeper.common.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an argv (never through a shell) with a timeout. Output (stdout and stderr together) is
 * drained on its own thread so a chatty child never blocks on a full pipe; the first
 * {@code maxOutput} bytes are kept. On timeout the whole process tree gets SIGTERM, then SIGKILL
 * after the grace period.
 */
public final class CommandRunner {

  /** How a run ended. */
  public enum Ending { EXITED, TIMED_OUT, NOT_STARTED }

  /**
   * @param exitCode valid when {@code ending == EXITED}
   * @param output the first bytes of stdout+stderr, as UTF-8
   * @param problem for NOT_STARTED, why (e.g. {@code command not found: foo})
   */
  public record Result(Ending ending, int exitCode, String output, String problem) {}

  private final Duration killGrace;
  private final int maxOutput;

  public CommandRunner(Duration killGrace, int maxOutput) {
    if (killGrace.isNegative()) throw new IllegalArgumentException("killGrace must not be negative");
    if (maxOutput < 0) throw new IllegalArgumentException("maxOutput must not be negative");
    this.killGrace = killGrace;
    this.maxOutput = maxOutput;
  }

  public Result run(List<String> argv, Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
    } catch (IOException e) {
      return new Result(Ending.NOT_STARTED, -1, "", startProblem(argv.get(0), e));
    } catch (SecurityException | UnsupportedOperationException e) {
      return new Result(Ending.NOT_STARTED, -1, "", "cannot start " + argv.get(0) + ": " + e.getMessage());
    }
    Drain drain = new Drain(process.getInputStream(), maxOutput);
    Thread drainer = new Thread(drain, "hostkeeper-drain-" + process.pid());
    drainer.setDaemon(true);
    drainer.start();
    try {
      if (!process.waitFor(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
        killTree(process);
        return new Result(Ending.TIMED_OUT, -1, drain.text(), "");
      }
      // The child has exited; a grandchild may still hold the pipe open, so wait only briefly.
      drainer.join(200);
      return new Result(Ending.EXITED, process.exitValue(), drain.text(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killTree(process);
      return new Result(Ending.TIMED_OUT, -1, drain.text(), "");
    }
  }

  /** SIGTERM to the process and every descendant (listed first: they are reparented once it dies), then SIGKILL. */
  private void killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>();
    process.toHandle().descendants().forEach(tree::add);
    tree.add(0, process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + killGrace.toNanos();
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          h.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception ignored) {
          // still alive (or interrupted): the forcible kill below handles it
        }
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try {
      process.getInputStream().close();
    } catch (IOException ignored) {
      // the pipe is gone with the process
    }
  }

  static String startProblem(String program, IOException e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("error=2,")) return "command not found: " + program;
    if (msg.contains("error=13,")) return "command not executable (permission denied): " + program;
    if (msg.contains("error=8,")) return "command is not a valid executable: " + program;
    return "cannot start " + program + ": " + msg;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  /** Reads a stream to its end, keeping the first {@code limit} bytes. */
  private static final class Drain implements Runnable {
    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    Drain(InputStream in, int limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (kept) {
            int room = limit - kept.size();
            if (room > 0) kept.write(buf, 0, Math.min(room, n));
          }
        }
      } catch (IOException ignored) {
        // closed after a kill: what was read is kept
      }
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }
  }
}

package io.hostkeeper.common.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an argv (never through a shell) with a timeout. Output (stdout and stderr together) is
 * drained on its own thread so a chatty child never blocks on a full pipe; the first
 * {@code maxOutput} bytes are kept (or, with {@link Invocation#keepTail}, the last ones), so memory
 * stays bounded whatever the command prints. On timeout the whole process tree gets SIGTERM, then SIGKILL
 * after the grace period.
 */
public final class CommandRunner {

  /** How a run ended. */
  public enum Ending { EXITED, TIMED_OUT, NOT_STARTED }

  /**
   * @param exitCode valid when {@code ending == EXITED}
   * @param output the first bytes of stdout+stderr, as UTF-8
   * @param problem for NOT_STARTED, why (e.g. {@code command not found: foo})
   * @param outputBytes how many bytes the command wrote in all (more than {@code output} holds when cut)
   */
  public record Result(Ending ending, int exitCode, String output, String problem, long outputBytes) {
    public Result(Ending ending, int exitCode, String output, String problem) {
      this(ending, exitCode, output, problem, output.length());
    }
  }

  /**
   * One command with its surroundings, for {@link #run(Invocation)}.
   *
   * @param workingDir null: the worker's
   * @param env added to (and overriding) the worker's environment
   * @param keepTail keep the last {@code maxOutput} bytes (from a line start) instead of the first
   */
  public record Invocation(List<String> argv, Duration timeout, Path workingDir, Map<String, String> env, boolean keepTail) {
    public Invocation {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
      if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
      if (timeout == null) throw new IllegalArgumentException("no timeout");
    }
  }

  private final Duration killGrace;
  private final int maxOutput;

  public CommandRunner(Duration killGrace, int maxOutput) {
    if (killGrace.isNegative()) throw new IllegalArgumentException("killGrace must not be negative");
    if (maxOutput < 0) throw new IllegalArgumentException("maxOutput must not be negative");
    this.killGrace = killGrace;
    this.maxOutput = maxOutput;
  }

  public Result run(List<String> argv, Duration timeout) {
    return run(new Invocation(argv, timeout, null, Map.of(), false));
  }

  public Result run(Invocation invocation) {
    List<String> argv = invocation.argv();
    Duration timeout = invocation.timeout();
    if (invocation.workingDir() != null && !java.nio.file.Files.isDirectory(invocation.workingDir())) {
      return new Result(Ending.NOT_STARTED, -1, "", "working directory not found: " + invocation.workingDir(), 0);
    }
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      if (invocation.workingDir() != null) builder.directory(invocation.workingDir().toFile());
      builder.environment().putAll(invocation.env());
      process = builder.start();
    } catch (IOException e) {
      return new Result(Ending.NOT_STARTED, -1, "", startProblem(argv.get(0), e));
    } catch (SecurityException | UnsupportedOperationException e) {
      return new Result(Ending.NOT_STARTED, -1, "", "cannot start " + argv.get(0) + ": " + e.getMessage());
    }
    Drain drain = new Drain(process.getInputStream(), maxOutput, invocation.keepTail());
    Thread drainer = new Thread(drain, "hostkeeper-drain-" + process.pid());
    drainer.setDaemon(true);
    drainer.start();
    try {
      if (!process.waitFor(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
        killTree(process);
        return new Result(Ending.TIMED_OUT, -1, drain.text(), "", drain.total());
      }
      // The child has exited; a grandchild may still hold the pipe open, so wait only briefly.
      drainer.join(200);
      return new Result(Ending.EXITED, process.exitValue(), drain.text(), "", drain.total());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killTree(process);
      return new Result(Ending.TIMED_OUT, -1, drain.text(), "", drain.total());
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

  /** Reads a stream to its end, keeping the first (or the last) {@code limit} bytes and counting all. */
  private static final class Drain implements Runnable {
    private final InputStream in;
    private final int limit;
    private final boolean tail;
    private final byte[] ring;
    private long total;

    Drain(InputStream in, int limit, boolean tail) {
      this.in = in;
      this.limit = limit;
      this.tail = tail;
      this.ring = new byte[limit];
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (ring) {
            keep(buf, n);
            total += n;
          }
        }
      } catch (IOException ignored) {
        // closed after a kill: what was read is kept
      }
    }

    /** Head mode: fill the buffer once. Tail mode: a ring whose write position is {@code total % limit}. */
    private void keep(byte[] buf, int n) {
      if (limit == 0) return;
      if (!tail) {
        int room = (int) Math.max(0, limit - total);
        System.arraycopy(buf, 0, ring, (int) Math.min(total, limit), Math.min(room, n));
        return;
      }
      for (int i = Math.max(0, n - limit); i < n; i++) ring[(int) ((total + i) % limit)] = buf[i];
    }

    long total() {
      synchronized (ring) {
        return total;
      }
    }

    String text() {
      synchronized (ring) {
        if (total <= limit) return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
        if (!tail) return new String(ring, 0, limit, StandardCharsets.UTF_8);
        byte[] last = new byte[limit];
        int start = (int) (total % limit);
        System.arraycopy(ring, start, last, 0, limit - start);
        System.arraycopy(ring, 0, last, limit - start, start);
        int from = 0;
        while (from < last.length - 1 && last[from] != '\n') from++;
        if (from < last.length - 1) from++;
        else from = 0;
        return new String(last, from, last.length - from, StandardCharsets.UTF_8);
      }
    }
  }
}

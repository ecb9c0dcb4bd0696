package io.hostkeeper.common.probe;

import io.hostkeeper.common.fs.SafeFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an argv (never through a shell) with a timeout. Output (stdout and stderr together) is kept
 * as {@link Output} says: through a pipe drained on its own thread (so a chatty child never blocks
 * on a full pipe), or into a scratch file (so a daemon the command leaves running with its stdout
 * cannot hold the runner up). At most {@code maxOutput} bytes are kept, the first or the last, so
 * memory stays bounded whatever the command prints. On timeout the whole process tree gets
 * SIGTERM, then SIGKILL after the grace period.
 */
public final class CommandRunner {

  /** How a run ended. */
  public enum Ending { EXITED, TIMED_OUT, NOT_STARTED }

  /** Where the output goes while the command runs, and which part of it is kept. */
  public enum Output {
    /** A pipe; the first {@code maxOutput} bytes are kept. */
    HEAD,
    /** A pipe; the last {@code maxOutput} bytes are kept, from a line start. */
    TAIL,
    /**
     * A scratch file in the runner's output directory, removed afterwards; the last
     * {@code maxOutput} bytes are kept, from a line start. The run ends when the command exits,
     * even if a process it started still holds its stdout.
     */
    FILE_TAIL
  }

  /**
   * @param exitCode valid when {@code ending == EXITED}, else -1
   * @param output the kept bytes of stdout+stderr, as UTF-8
   * @param problem for NOT_STARTED, why (e.g. {@code command not found: foo}); else empty
   * @param outputBytes how many bytes the command wrote in all (more than {@code output} holds when cut)
   * @param killed on TIMED_OUT, whether SIGTERM was not enough and SIGKILL was sent
   * @param duration wall time from start to end
   */
  public record Result(Ending ending, int exitCode, String output, String problem, long outputBytes,
      boolean killed, Duration duration) {
    public Result {
      output = output == null ? "" : output;
      problem = problem == null ? "" : problem;
    }

    /** Whether bytes were left out of {@code output}. */
    public boolean cut() {
      return outputBytes > output.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  /**
   * One command with its surroundings, for {@link #run(Invocation)}.
   *
   * @param workingDir null: the worker's
   * @param env added to (and overriding) the worker's environment
   * @param output where the output goes and which part is kept
   */
  public record Invocation(List<String> argv, Duration timeout, Path workingDir, Map<String, String> env, Output output) {
    public Invocation {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
      if (argv.isEmpty()) throw new IllegalArgumentException("empty argv");
      if (timeout == null) throw new IllegalArgumentException("no timeout");
      if (output == null) throw new IllegalArgumentException("no output mode");
    }

    public static Invocation of(List<String> argv, Duration timeout, Output output) {
      return new Invocation(argv, timeout, null, Map.of(), output);
    }
  }

  private static final String OUTPUT_PREFIX = "output-";
  private static final String OUTPUT_SUFFIX = ".out";

  private final Duration killGrace;
  private final int maxOutput;
  private final Path outputDir;
  private final AtomicBoolean leftoversRemoved = new AtomicBoolean();

  public CommandRunner(Duration killGrace, int maxOutput) {
    this(killGrace, maxOutput, null);
  }

  /** @param outputDir where {@link Output#FILE_TAIL} files live while a command runs (created when needed); null: none */
  public CommandRunner(Duration killGrace, int maxOutput, Path outputDir) {
    if (killGrace.isNegative()) throw new IllegalArgumentException("killGrace must not be negative");
    if (maxOutput < 0) throw new IllegalArgumentException("maxOutput must not be negative");
    this.killGrace = killGrace;
    this.maxOutput = maxOutput;
    this.outputDir = outputDir;
  }

  public Result run(List<String> argv, Duration timeout) {
    return run(Invocation.of(argv, timeout, Output.HEAD));
  }

  /** Never throws for a command that fails; trouble is in the result. */
  public Result run(Invocation invocation) {
    long start = System.nanoTime();
    if (invocation.workingDir() != null && !Files.isDirectory(invocation.workingDir())) {
      return notStarted("working directory not found: " + invocation.workingDir(), start);
    }
    Path file = null;
    if (invocation.output() == Output.FILE_TAIL) {
      if (outputDir == null) throw new IllegalStateException("this runner has no output directory");
      try {
        file = newOutputFile();
      } catch (IOException e) {
        return notStarted("cannot create an output file in " + outputDir + ": " + e.getMessage(), start);
      }
    }
    try {
      return run(invocation, file, start);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a leftover output file is harmless; the next process removes it
        }
      }
    }
  }

  private Result run(Invocation invocation, Path file, long start) {
    List<String> argv = invocation.argv();
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      if (file != null) builder.redirectOutput(file.toFile());
      if (invocation.workingDir() != null) builder.directory(invocation.workingDir().toFile());
      builder.environment().putAll(invocation.env());
      process = builder.start();
    } catch (IOException e) {
      return notStarted(startProblem(argv.get(0), e), start);
    } catch (SecurityException | UnsupportedOperationException e) {
      return notStarted("cannot start " + argv.get(0) + ": " + e.getMessage(), start);
    }
    OutputDrain drain = null;
    Thread drainer = null;
    if (file == null) {
      drain = new OutputDrain(process.getInputStream(), maxOutput, invocation.output() == Output.TAIL);
      drainer = new Thread(drain, "hostkeeper-drain-" + process.pid());
      drainer.setDaemon(true);
      drainer.start();
    }
    Ending ending = Ending.EXITED;
    boolean killed = false;
    try {
      if (!process.waitFor(Math.max(1, invocation.timeout().toNanos()), TimeUnit.NANOSECONDS)) {
        ending = Ending.TIMED_OUT;
        killed = killTree(process);
      } else if (drainer != null) {
        // The child has exited; a grandchild may still hold the pipe open, so wait only briefly.
        drainer.join(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ending = Ending.TIMED_OUT;
      killed = killTree(process);
    }
    int exit = ending == Ending.EXITED ? process.exitValue() : -1;
    String text = drain != null ? drain.text() : fileTail(file);
    long total = drain != null ? drain.total() : fileSize(file);
    return new Result(ending, exit, text, "", total, killed, since(start));
  }

  /**
   * SIGTERM to the process and every descendant (listed first: they are reparented once it dies),
   * then SIGKILL to those still alive after the grace. True when SIGKILL was needed.
   */
  private boolean killTree(Process process) {
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
    List<ProcessHandle> stubborn = tree.stream().filter(ProcessHandle::isAlive).toList();
    stubborn.forEach(ProcessHandle::destroyForcibly);
    if (!stubborn.isEmpty()) {
      try {
        process.waitFor(Math.max(1, killGrace.toMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      process.getInputStream().close();
    } catch (IOException ignored) {
      // the pipe is gone with the process
    }
    return !stubborn.isEmpty();
  }

  private static Result notStarted(String problem, long start) {
    return new Result(Ending.NOT_STARTED, -1, "", problem, 0, false, since(start));
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  static String startProblem(String program, IOException e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("error=2,")) return "command not found: " + program;
    if (msg.contains("error=13,")) return "command not executable (permission denied): " + program;
    if (msg.contains("error=8,")) return "command is not a valid executable: " + program;
    return "cannot start " + program + ": " + msg;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(com.sun.jna.Platform.isWindows() ? "NUL" : "/dev/null");
  }

  /** A new private output file; the first one of this process also removes the files an earlier, killed one left. */
  private Path newOutputFile() throws IOException {
    SafeFiles.createDirectories(outputDir, SafeFiles.PRIVATE_DIR);
    if (leftoversRemoved.compareAndSet(false, true)) removeLeftovers();
    while (true) {
      Path file = outputDir.resolve(OUTPUT_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + OUTPUT_SUFFIX);
      try (FileChannel ignored = SafeFiles.createNew(file, SafeFiles.PRIVATE_FILE)) {
        return file;
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        // another name
      }
    }
  }

  /** Output files older than this process were left by one killed mid-command. */
  private void removeLeftovers() {
    Instant processStart = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(outputDir, OUTPUT_PREFIX + "*" + OUTPUT_SUFFIX)) {
      for (Path f : files) {
        if (SafeFiles.lstat(f).lastModifiedTime().toInstant().isBefore(processStart)) SafeFiles.deleteIfExists(f);
      }
    } catch (IOException ignored) {
      // leftovers are harmless; the next command tries again
      leftoversRemoved.set(false);
    }
  }

  private static long fileSize(Path file) {
    try {
      return SafeFiles.lstat(file).size();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last {@code maxOutput} bytes of the file, from a line start. */
  private String fileTail(Path file) {
    try (FileChannel ch = SafeFiles.openRegularForRead(file)) {
      long size = ch.size();
      int n = (int) Math.min(size, maxOutput);
      ByteBuffer buf = ByteBuffer.allocate(n);
      long at = size - n;
      while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
        // read to the end of the window
      }
      byte[] last = buf.array();
      return n < size ? OutputDrain.fromLineStart(last, buf.position()) : new String(last, 0, buf.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }

}

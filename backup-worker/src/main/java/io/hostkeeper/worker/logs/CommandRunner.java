package io.hostkeeper.worker.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an argv (never a shell) with a timeout; the child is killed when the timeout passes. */
public class CommandRunner {

  /** @param exitCode the exit status, or -1 when it timed out */
  public record Result(int exitCode, boolean timedOut, String output) {
    public boolean ok() {
      return !timedOut && exitCode == 0;
    }
  }

  public Result run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot start post_rotate command " + argv.get(0) + ": " + e.getMessage(), e);
    }
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> drain(process.getInputStream(), output), "post-rotate-output");
    reader.setDaemon(true);
    reader.start();
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    reader.join(1000);
    String text;
    synchronized (output) {
      text = output.toString().strip();
    }
    return finished ? new Result(process.exitValue(), false, text) : new Result(-1, true, text);
  }

  private static void drain(InputStream in, StringBuilder into) {
    byte[] buf = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (into) {
          if (into.length() < 2000) into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      // child gone
    }
  }
}

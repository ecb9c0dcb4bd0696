package io.hostkeeper.worker.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A log writer like a real daemon: appends numbered lines (O_APPEND) to its log, and reopens the
 * log by name when a flag file appears (its "SIGHUP"), deleting the flag. Thousands of lines per
 * second.
 */
final class LineWriter implements Runnable {
  private final Path log;
  private final Path reopenFlag;
  final AtomicLong written = new AtomicLong();
  final AtomicLong reopens = new AtomicLong();
  private volatile boolean stop;
  volatile Throwable failure;

  LineWriter(Path log, Path reopenFlag) {
    this.log = log;
    this.reopenFlag = reopenFlag;
  }

  void stop() {
    stop = true;
  }

  @Override
  public void run() {
    OutputStream out = null;
    try {
      out = open();
      long n = 0;
      while (!stop) {
        out.write(("line " + n + " " + n + "\n").getBytes(StandardCharsets.US_ASCII));
        written.set(++n);
        if (n % 20 == 0) {
          if (reopenFlag != null && Files.exists(reopenFlag)) {
            out.close();
            out = open();
            Files.delete(reopenFlag);
            reopens.incrementAndGet();
          }
          Thread.sleep(1);
        }
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      try {
        if (out != null) out.close();
      } catch (IOException e) {
        if (failure == null) failure = e;
      }
    }
  }

  private OutputStream open() throws IOException {
    return Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  /** The line's number; throws for a torn line (each line carries its number twice). */
  static long number(String line) {
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[0].equals("line") || !parts[1].equals(parts[2])) {
      throw new IllegalArgumentException("torn line: " + line);
    }
    return Long.parseLong(parts[1]);
  }
}

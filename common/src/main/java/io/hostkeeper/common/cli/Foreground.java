package io.hostkeeper.common.cli;

import java.util.concurrent.CountDownLatch;

/** A server in the foreground: runs until the JVM is asked to stop (SIGTERM, Ctrl-C), then stops it. */
public final class Foreground {
  private Foreground() {}

  /**
   * Blocks until the JVM shuts down; {@code stop} runs on the shutdown hook and the call returns
   * once it has finished.
   */
  public static void untilStopped(Runnable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stop.run();
      } finally {
        stopped.countDown();
      }
    }, "shutdown"));
    stopped.await();
  }
}

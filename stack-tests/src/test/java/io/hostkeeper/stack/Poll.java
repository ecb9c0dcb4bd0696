package io.hostkeeper.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Waiting with a deadline (no fixed sleeps) and free loopback ports. */
final class Poll {
  private Poll() {}

  /** Polls {@code probe} every 200 ms until it yields a value or the deadline passes. */
  static <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
    Instant deadline = Instant.now().plus(timeout);
    Throwable last = null;
    while (true) {
      try {
        Optional<T> v = probe.get();
        if (v.isPresent()) return v.get();
      } catch (RuntimeException e) {
        last = e;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
            + (last == null ? "" : " (last error: " + last + ")") + "\n" + diagnostics.get(), last);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Ports handed out by this JVM, so two callers never get the same one before either binds it. */
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A free loopback port for a server the test starts later. It is taken below the kernel's
   * ephemeral range (ip_local_port_range), so the outgoing connections of the test's own
   * processes (Prometheus scraping fifty exporters) cannot take it between now and the bind, and
   * outside 29000-29999 (the shipped default ports, which QuickStartTest uses).
   */
  static int freePort() {
    int low = ephemeralLow();
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 10_000; attempt++) {
      int port = random.nextInt(10_000, low);
      if (port >= 29_000 && port < 30_000) continue;
      if (!HANDED_OUT.add(port)) continue;
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException inUse) {
        // taken by someone else: try another
      }
    }
    throw new AssertionError("no free loopback port below " + low);
  }

  private static int ephemeralLow() {
    try {
      String range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low > 11_000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}

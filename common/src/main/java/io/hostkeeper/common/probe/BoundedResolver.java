package io.hostkeeper.common.probe;

import io.hostkeeper.common.config.Durations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Name resolution with a timeout. {@link InetAddress#getAllByName} has none of its own, so the lookup
 * runs on a small daemon pool and the caller waits at most its timeout; a lookup that is still
 * stuck in the system resolver when its caller gives up finishes (or times out in the resolver) on
 * its own. Literal IP addresses never touch the pool.
 */
final class BoundedResolver {

  /** Why a name did not resolve, phrased for a log line or the status API. */
  static final class ResolveException extends Exception {
    ResolveException(String message) {
      super(message, null, false, false);
    }
  }

  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Bounded so a resolver that hangs for every name cannot grow threads without limit. */
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "hostkeeper-dns-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private BoundedResolver() {}

  static List<InetAddress> resolve(String host, Duration timeout) throws ResolveException {
    if (isLiteral(host)) {
      try {
        return List.of(InetAddress.getAllByName(host));
      } catch (UnknownHostException e) {
        throw new ResolveException("invalid address " + host);
      }
    }
    CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
      try {
        return InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, POOL);
    try {
      InetAddress[] found = lookup.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
      if (found.length == 0) throw new ResolveException("cannot resolve host " + host + ": no addresses");
      return List.of(found);
    } catch (TimeoutException e) {
      lookup.cancel(true);
      throw new ResolveException("resolving " + host + " timed out after " + Durations.format(timeout));
    } catch (ExecutionException e) {
      throw new ResolveException("cannot resolve host " + host + " (unknown name)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lookup.cancel(true);
      throw new ResolveException("resolving " + host + " was interrupted");
    }
  }

  /** An IPv4 dotted quad or an IPv6 literal, which resolve without any lookup. */
  static boolean isLiteral(String host) {
    if (host.contains(":")) return true;
    return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}

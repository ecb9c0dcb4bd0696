package io.hostkeeper.exporter.collector.service;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs checks on daemon threads, at most one per key at a time: a scrape that finds a check of
 * the previous scrape still running waits for that one instead of starting another, so a hanging
 * service costs one thread, not one per scrape.
 */
public final class InFlight {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hostkeeper-check-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private final Map<String, CompletableFuture<?>> running = new HashMap<>();

  /** The running task for {@code key}, or a newly started one. */
  @SuppressWarnings("unchecked")
  public synchronized <T> CompletableFuture<T> start(String key, Supplier<T> task) {
    CompletableFuture<?> current = running.get(key);
    if (current != null && !current.isDone()) return (CompletableFuture<T>) current;
    CompletableFuture<T> started = CompletableFuture.supplyAsync(task, executor);
    running.put(key, started);
    return started;
  }

  /** The task's value if it is done by {@code untilNanos} ({@link System#nanoTime()}), else null. */
  public static <T> T await(CompletableFuture<T> task, long untilNanos) throws InterruptedException {
    try {
      return task.get(Math.max(0, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("check failed unexpectedly", e.getCause());
    }
  }
}

package io.hostkeeper.exporter.collector.service;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs tasks (checks, sensor reads) on daemon threads, at most one per key at a time (queued or
 * running): asking again for a key whose task has not finished returns that task instead of
 * starting another, so a hanging read costs one thread, never one per round, and the queue holds
 * at most one task per key. Threads are made when first needed.
 */
public final class InFlight implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private final ThreadPoolExecutor executor;
  private final Map<String, CompletableFuture<?>> running = new HashMap<>();

  /** As many threads as keys in use. */
  public InFlight() {
    this(Integer.MAX_VALUE);
  }

  /** @param threads how many tasks may run at once; more wait in a queue (one per key at most) */
  public InFlight(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
    // Unbounded: a cached pool (a direct hand-off); bounded: a fixed pool with a queue.
    executor = threads == Integer.MAX_VALUE
        ? new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), InFlight::thread)
        : new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), InFlight::thread);
    if (threads != Integer.MAX_VALUE) executor.allowCoreThreadTimeOut(true);
  }

  private static Thread thread(Runnable r) {
    Thread t = new Thread(r, "hostkeeper-check-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  /** The unfinished task for {@code key}, or a newly started one. */
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
    } catch (ExecutionException e) {
      throw new IllegalStateException("check failed unexpectedly", e.getCause());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

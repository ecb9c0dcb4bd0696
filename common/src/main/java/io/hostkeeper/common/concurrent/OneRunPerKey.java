package io.hostkeeper.common.concurrent;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs tasks (collectors, checks, sensor reads) on daemon threads, at most one per key at a time
 * (queued or running): asking again for a key whose task has not finished joins that task instead
 * of starting another, so a hanging read costs one thread, never one per round, and the queue
 * holds at most one task per key. Threads are made when first needed, and an idle one ends after a
 * minute.
 *
 * @param <K> the key; compared with {@code equals} (an object without its own {@code equals} is
 *     its own key)
 */
public final class OneRunPerKey<K> implements AutoCloseable {
  /** A task's result; {@code joined} when the task was started by an earlier caller. */
  public record Run<T>(CompletableFuture<T> result, boolean joined) {}

  private final ThreadPoolExecutor executor;
  private final Map<K, CompletableFuture<?>> running = new HashMap<>();
  /** Whether the pool grows with the tasks unfinished at once (no bound given). */
  private final boolean growing;

  /**
   * As many threads as tasks were ever unfinished at once (at most one per key in use), named
   * {@code threadName-N}. A task never waits for a busy one: the pool grows before the task is
   * queued (at most for a thread just coming back from a finished task).
   */
  public OneRunPerKey(String threadName) {
    this(threadName, Integer.MAX_VALUE);
  }

  /** @param threads how many tasks may run at once; more wait in a queue (one per key at most) */
  public OneRunPerKey(String threadName, int threads) {
    Objects.requireNonNull(threadName, "threadName");
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
    AtomicInteger n = new AtomicInteger();
    java.util.concurrent.ThreadFactory factory = r -> {
      Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // A fixed pool with a queue. Unbounded, it starts at one thread and grows in run(): a cached
    // pool's direct hand-off would instead start a thread whenever none happened to be polling at
    // that instant, which under back-to-back scrape rounds made hundreds of threads for 30 keys.
    growing = threads == Integer.MAX_VALUE;
    int size = growing ? 1 : threads;
    executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * The unfinished task for {@code key} (joined), or a newly started one. Whatever the task throws
   * (an {@code Error} too) completes its result exceptionally.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> Run<T> run(K key, Callable<T> task) {
    CompletableFuture<?> current = running.get(key);
    if (current != null && !current.isDone()) return new Run<>((CompletableFuture<T>) current, true);
    CompletableFuture<T> started = new CompletableFuture<>();
    running.put(key, started);
    started.whenComplete((v, e) -> forget(key, started));
    if (growing && running.size() > executor.getMaximumPoolSize()) {
      executor.setMaximumPoolSize(running.size()); // the maximum first: the core may not exceed it
      executor.setCorePoolSize(running.size());
    }
    try {
      executor.execute(() -> {
        try {
          started.complete(task.call());
        } catch (Throwable t) {
          started.completeExceptionally(t);
        }
      });
    } catch (RuntimeException e) { // closed
      running.remove(key, started);
      throw e;
    }
    return new Run<>(started, false);
  }

  /** The unfinished task for {@code key}, or a newly started one. */
  public <T> CompletableFuture<T> start(K key, Supplier<T> task) {
    return run(key, task::get).result();
  }

  private synchronized void forget(K key, CompletableFuture<?> done) {
    running.remove(key, done);
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

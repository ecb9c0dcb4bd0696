package io.hostkeeper.worker.history;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Retries a database operation that failed because the database was busy or locked (another
 * process holding a write lock longer than the busy timeout, e.g. a {@code sqlite3} shell in a
 * transaction). A bounded number of attempts with a growing pause; after that the error is
 * rethrown for the caller to report.
 */
public final class BusyRetry {

  /** Called before each retry; tests use it to release a lock deterministically. */
  public interface Listener {
    void retrying(int attempt, RuntimeException cause);
  }

  private final int attempts;
  private final Duration firstPause;
  private final Listener listener;

  public BusyRetry(int attempts, Duration firstPause, Listener listener) {
    if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
    if (firstPause.isNegative()) throw new IllegalArgumentException("pause must not be negative");
    this.attempts = attempts;
    this.firstPause = firstPause;
    this.listener = listener;
  }

  public static BusyRetry standard() {
    return new BusyRetry(4, Duration.ofMillis(200), (a, e) -> {});
  }

  public <T> T call(Supplier<T> operation) {
    for (int attempt = 1; ; attempt++) {
      try {
        return operation.get();
      } catch (RuntimeException e) {
        if (!isBusy(e) || attempt >= attempts) throw e;
        listener.retrying(attempt, e);
        pause(firstPause.multipliedBy(1L << Math.min(attempt - 1, 6)));
      }
    }
  }

  public void run(Runnable operation) {
    call(() -> {
      operation.run();
      return null;
    });
  }

  /** True when {@code e} or one of its causes is SQLite's BUSY or LOCKED family. */
  public static boolean isBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s) {
        SQLiteErrorCode code = s.getResultCode();
        if (code != null && (code.name().startsWith("SQLITE_BUSY") || code.name().startsWith("SQLITE_LOCKED"))) {
          return true;
        }
      }
      if (t instanceof SQLException && t.getMessage() != null
          && (t.getMessage().contains("SQLITE_BUSY") || t.getMessage().contains("database is locked"))) {
        return true;
      }
      if (t.getCause() == t) break;
    }
    return false;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a locked database", e);
    }
  }
}

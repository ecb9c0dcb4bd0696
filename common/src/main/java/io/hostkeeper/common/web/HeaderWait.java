package io.hostkeeper.common.web;

/**
 * The header deadline of one connection, as pure bookkeeping over the connection's counters
 * (requests whose headers were read, responses completed, bytes received) sampled now and then.
 *
 * <p>A new connection must deliver its first request's headers within the deadline from its open.
 * Between two requests a connection waits for the next one's headers: while no byte arrives it is
 * idle (the server's idle timeout applies); from the first sample that sees new bytes, the headers
 * must be complete within the deadline; a client sending one byte a second never gets
 * there, and is closed. A request being handled (headers read, response not yet complete) has no
 * header deadline. Not thread-safe: one sweeper thread owns it.
 */
public final class HeaderWait {
  private final long deadlineNanos;
  private long responses;
  private long bytesIn;
  private long firstByteAt;
  private boolean receiving;

  /**
   * A connection just opened (counters as they are now). Its first request's headers are due
   * within the deadline from the open: a client that connects and sends nothing is not idle
   * between requests, it holds a connection for nothing.
   */
  public HeaderWait(long deadlineNanos, long responses, long bytesIn, long openedAtNanos) {
    if (deadlineNanos <= 0) throw new IllegalArgumentException("deadline must be positive");
    this.deadlineNanos = deadlineNanos;
    this.responses = responses;
    this.bytesIn = bytesIn;
    this.receiving = true;
    this.firstByteAt = openedAtNanos;
  }

  /**
   * One sample. Returns true when the connection has been receiving a request's headers for longer
   * than the deadline and should be closed.
   */
  public boolean overdue(long requests, long responses, long bytesIn, long nowNanos) {
    if (requests > responses) {
      // headers read, request in progress: the next wait starts when its response is complete
      receiving = false;
      return false;
    }
    if (responses != this.responses) {
      this.responses = responses;
      this.bytesIn = bytesIn;
      receiving = false;
      return false;
    }
    if (!receiving) {
      if (bytesIn == this.bytesIn) return false; // idle
      receiving = true;
      firstByteAt = nowNanos;
      return false;
    }
    return nowNanos - firstByteAt > deadlineNanos;
  }
}

package io.hostkeeper.common.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that take longer than {@link ServerLimits#headerTimeout} to send a request's
 * headers (slowloris). Jetty reads headers without holding a thread, so a slow client costs only a
 * socket; this bounds how long it may keep one. Added to a connector as a bean: it sees every
 * connection open and close, and samples them once per {@code period} on its own daemon thread.
 */
public final class HeaderDeadline extends AbstractLifeCycle implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

  private final long deadlineNanos;
  private final Duration period;
  private final LongSupplier nanoClock;
  private final Map<Connection, HeaderWait> open = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;
  private volatile long closed;

  public HeaderDeadline(Duration deadline) {
    this(deadline, Duration.ofMillis(Math.max(100, Math.min(1000, deadline.toMillis() / 4))), System::nanoTime);
  }

  HeaderDeadline(Duration deadline, Duration period, LongSupplier nanoClock) {
    if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("deadline must be positive");
    this.deadlineNanos = deadline.toNanos();
    this.period = period;
    this.nanoClock = nanoClock;
  }

  @Override
  public void onOpened(Connection connection) {
    // A TLS connection carries an HTTP connection, which is the one watched (it counts requests).
    if (connection instanceof org.eclipse.jetty.io.ssl.SslConnection) return;
    open.put(connection, new HeaderWait(deadlineNanos, connection.getMessagesOut(), connection.getBytesIn(),
        nanoClock.getAsLong()));
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  /** How many connections were closed for taking too long over their headers. */
  public long closedCount() {
    return closed;
  }

  /** One pass over the open connections. */
  void sweep() {
    long now = nanoClock.getAsLong();
    for (Map.Entry<Connection, HeaderWait> e : open.entrySet()) {
      Connection c = e.getKey();
      if (e.getValue().overdue(c.getMessagesIn(), c.getMessagesOut(), c.getBytesIn(), now)) {
        open.remove(c);
        closed++;
        LOG.debug("closing {}: request headers not complete within {} ms", c.getEndPoint().getRemoteSocketAddress(),
            deadlineNanos / 1_000_000);
        c.close();
      }
    }
  }

  @Override
  protected void doStart() {
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "http-header-deadline");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleWithFixedDelay(() -> {
      try {
        sweep();
      } catch (RuntimeException e) {
        LOG.warn("header deadline sweep failed: {}", e.toString());
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() {
    if (sweeper != null) sweeper.shutdownNow();
    open.clear();
  }
}

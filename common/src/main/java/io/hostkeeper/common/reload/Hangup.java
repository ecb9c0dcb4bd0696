package io.hostkeeper.common.reload;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP ({@code systemctl reload}, {@code kill -HUP}) as a call to a reload action. Without a
 * handler the JVM ends on SIGHUP. The action runs on one thread of its own, never on the signal
 * thread and never twice at once; signals that arrive while it runs are folded into one more run.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported), the JDK's only way to catch a signal.
 */
public final class Hangup {
  private static final Logger log = LoggerFactory.getLogger(Hangup.class);

  private Hangup() {}

  /**
   * Installs the handler.
   *
   * @param name who reloads, for the thread name and the log
   * @return false when this platform has no SIGHUP (the JVM then keeps its default), or when the
   *     process was started with SIGHUP ignored ({@code nohup}, or a parent that ignores it): the JVM
   *     then keeps ignoring it, so no signal would ever reach the handler (logged as a warning)
   */
  public static boolean onHangup(String name, Runnable reload) {
    // One run at a time and at most one waiting: a burst of signals costs at most two reloads.
    ExecutorService runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1), r -> {
      Thread t = new Thread(r, name + "-reload");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.DiscardPolicy());
    Runnable guarded = () -> {
      try {
        reload.run();
      } catch (RuntimeException e) {
        log.error("{}: reload failed: {}; the running configuration is kept", name, e.toString());
        log.debug("reload failure", e);
      }
    };
    try {
      sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> runner.execute(guarded));
      if (before == sun.misc.SignalHandler.SIG_IGN) {
        runner.shutdown();
        log.warn("{}: SIGHUP is ignored in this process (started under nohup or by a parent that ignores it), so it"
            + " cannot reload its configuration; restart it to apply a change", name);
        return false;
      }
      return true;
    } catch (IllegalArgumentException e) {
      runner.shutdown();
      log.debug("no SIGHUP on this platform: {}", e.getMessage());
      return false;
    }
  }
}

package io.hostkeeper.worker.watchdog;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a restart command acts on, shared by every watched service whose restart argv is identical
 * (e.g. two services checking one systemd unit in different ways). It carries the one lock that
 * every restart of that target holds, automatic or manual, so the target is never restarted twice
 * at once; after a successful restart every other member gets the same grace period, so a second
 * service does not restart the unit again right after the first did.
 */
final class RestartTarget {

  private static final Logger LOG = LoggerFactory.getLogger(RestartTarget.class);

  private final List<String> argv;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<ServiceWatchdog> members = new CopyOnWriteArrayList<>();

  RestartTarget(List<String> argv) {
    this.argv = List.copyOf(argv);
  }

  List<String> argv() {
    return argv;
  }

  ReentrantLock lock() {
    return lock;
  }

  void join(ServiceWatchdog member) {
    members.add(member);
  }

  /** Names of the services sharing this target. */
  List<String> services() {
    return members.stream().map(ServiceWatchdog::service).toList();
  }

  /** Tells the other members that {@code by} restarted the target successfully at {@code at}. */
  void restarted(ServiceWatchdog by, Instant at) {
    for (ServiceWatchdog member : members) {
      if (member == by) continue;
      try {
        member.sharedRestart(by.service(), at);
      } catch (RuntimeException e) {
        LOG.warn("watchdog: could not record the shared restart of {} for {}: {}", argv, member.service(), e.toString());
      }
    }
  }
}

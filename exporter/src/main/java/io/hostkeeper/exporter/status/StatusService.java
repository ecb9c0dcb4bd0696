package io.hostkeeper.exporter.status;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gathers the checks of every contributor into one {@link StatusReport}. */
public final class StatusService {
  private static final Logger log = LoggerFactory.getLogger(StatusService.class);

  private volatile List<StatusContributor> contributors;
  private final Clock clock;

  public StatusService(Clock clock, List<StatusContributor> contributors) {
    this.clock = clock;
    this.contributors = List.copyOf(contributors);
  }

  /** Adds a contributor (e.g. the services collector's); its checks follow those already registered. */
  public synchronized StatusService register(StatusContributor contributor) {
    List<StatusContributor> next = new ArrayList<>(contributors);
    next.add(contributor);
    contributors = List.copyOf(next);
    return this;
  }

  /** Replaces every contributor at once (a configuration reload): a report sees the old set or the new one. */
  public synchronized void replaceAll(List<StatusContributor> replacements) {
    contributors = List.copyOf(replacements);
  }

  public StatusReport report() {
    List<StatusCheck> checks = new ArrayList<>();
    for (StatusContributor c : contributors) {
      try {
        checks.addAll(c.checks());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        checks.add(StatusCheck.unknown(c.name(), "interrupted"));
      } catch (Exception e) {
        log.warn("status contributor {} failed: {}", c.name(), e.toString());
        checks.add(StatusCheck.unknown(c.name(), "could not be read: " + e.getMessage()));
      }
    }
    Level overall = Level.OK;
    for (StatusCheck c : checks) overall = overall.worse(c.level() == Level.UNKNOWN ? Level.OK : c.level());
    return new StatusReport(overall, clock.instant().toString(), List.copyOf(checks));
  }
}

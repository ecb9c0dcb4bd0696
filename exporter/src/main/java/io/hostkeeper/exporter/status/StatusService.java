package io.hostkeeper.exporter.status;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Gathers the checks of every contributor into one {@link StatusReport}. */
public final class StatusService {
  private static final Logger log = LoggerFactory.getLogger(StatusService.class);

  private final List<StatusContributor> contributors = new CopyOnWriteArrayList<>();
  private final Clock clock;

  public StatusService(Clock clock, List<StatusContributor> contributors) {
    this.clock = clock;
    this.contributors.addAll(contributors);
  }

  /** Adds a contributor (e.g. the services collector's); its checks follow those already registered. */
  public StatusService register(StatusContributor contributor) {
    contributors.add(contributor);
    return this;
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

package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobOutcome;
import io.hostkeeper.worker.job.JobRunContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code watchdog:<service>}: checks one service every {@code restart.interval} and restarts it when
 * the policy says so. The outcome carries the check result and, for a restart, the command's exit
 * status and output tail; it is a failure when a restart command failed or the watchdog gave up in
 * this run, a success otherwise (also while it stays gave up: the state metric carries that alert).
 * A run started by hand is a check now, like a scheduled one
 * (a manual restart is {@code POST /api/services/{name}/restart}).
 */
public final class WatchdogJob extends HostkeeperJob {

  private final ServiceWatchdog watchdog;
  private final Schedule schedule;

  public WatchdogJob(ServiceWatchdog watchdog) {
    super("watchdog:" + watchdog.service());
    this.watchdog = watchdog;
    this.schedule = Schedule.every(watchdog.config().interval());
  }

  @Override
  public Schedule schedule() {
    return schedule;
  }

  @Override
  public Object configItem() {
    return watchdog.config();
  }

  public ServiceWatchdog watchdog() {
    return watchdog;
  }

  @Override
  protected JobOutcome run(JobRunContext context) {
    try {
      return watchdog.tick().toOutcome();
    } catch (RuntimeException e) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("service", watchdog.service());
      details.put("error", String.valueOf(e));
      return JobOutcome.failure(watchdog.service() + ": watchdog error: " + e.getMessage(), details);
    }
  }
}

package io.hostkeeper.worker.job;

import io.hostkeeper.common.config.Schedule;
import io.hostkeeper.common.config.ScheduledConfig;
import java.time.ZoneId;

/** A job whose schedule, zone and catch-up come from its config section. */
public abstract class ConfiguredJob extends HostkeeperJob {
  private final ScheduledConfig scheduling;

  protected ConfiguredJob(String name, ScheduledConfig scheduling) {
    super(name);
    if (scheduling == null) throw new IllegalArgumentException(name + ": no configuration");
    this.scheduling = scheduling;
  }

  @Override
  public final Object configItem() {
    return scheduling;
  }

  @Override
  public final Schedule schedule() {
    return scheduling.schedule();
  }

  @Override
  public final ZoneId timeZone() {
    return scheduling.timeZone();
  }

  @Override
  public final boolean catchUp() {
    return scheduling.catchUp();
  }
}

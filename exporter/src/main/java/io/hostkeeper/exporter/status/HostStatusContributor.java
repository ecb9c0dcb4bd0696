package io.hostkeeper.exporter.status;

import io.hostkeeper.common.config.ThresholdsConfig;
import io.hostkeeper.exporter.scrape.ScrapeRound;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The host checks of {@code /api/status}, computed from the same collection round {@code /metrics}
 * serves (so both agree): CPU busy %, memory used % (1 − available/total), swap used %, disk used %
 * per mount (as df: used / (used + available), read-only mounts skipped) and the hottest temperature
 * ({@link HostFigures} reads them)
 * when a thermal collector reports one.
 */
public final class HostStatusContributor implements StatusContributor {
  /** The round to judge; may block while a collection is in flight. */
  public interface CollectionSource {
    ScrapeRound get() throws InterruptedException;
  }

  private final CollectionSource source;
  private final ThresholdsConfig thresholds;
  private final CpuUsage cpu;

  public HostStatusContributor(CollectionSource source, ThresholdsConfig thresholds, CpuUsage cpu) {
    this.source = source;
    this.thresholds = thresholds;
    this.cpu = cpu;
  }

  @Override
  public String name() {
    return "host";
  }

  @Override
  public List<StatusCheck> checks() throws InterruptedException {
    ScrapeRound c = source.get();
    List<StatusCheck> out = new ArrayList<>();
    OptionalDouble busy = cpu == null ? OptionalDouble.empty() : cpu.percent();
    out.add(busy.isPresent() ? StatusCheck.judge("cpu", busy.getAsDouble(), "percent", thresholds.cpu())
        : StatusCheck.unknown("cpu", "CPU times could not be read"));
    OptionalDouble mem = HostFigures.memoryPercent(c);
    out.add(mem.isPresent() ? StatusCheck.judge("memory", mem.getAsDouble(), "percent", thresholds.memory())
        : StatusCheck.unknown("memory", "memory figures could not be read"));
    HostFigures.swapPercent(c).ifPresent(v -> out.add(StatusCheck.judge("swap", v, "percent", thresholds.swap())));
    HostFigures.diskPercents(c).forEach((mp, pct) -> out.add(pct.isNaN()
        ? StatusCheck.unknown("disk:" + mp, "statvfs failed or hung")
        : StatusCheck.judge("disk:" + mp, pct, "percent", thresholds.disk())));
    HostFigures.temperature(c).ifPresent(t -> out.add(StatusCheck.judge("temperature", t, "celsius", thresholds.temperature())));
    return out;
  }
}

package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.probe.ProbeResult;
import io.hostkeeper.common.probe.ProbeSettings;
import io.hostkeeper.common.probe.ServiceProbe;
import io.hostkeeper.common.probe.ServiceProbes;
import io.hostkeeper.common.probe.Systemctl;
import io.hostkeeper.common.probe.UnitStatus;
import io.hostkeeper.exporter.collector.service.InFlight;
import io.hostkeeper.exporter.collector.service.ReasonLog;
import io.hostkeeper.exporter.collector.service.ServiceStatus;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service status: runs every configured service's check concurrently, each under its own timeout
 * and the scrape's remaining budget, and reads all systemd units in one {@code systemctl show}.
 * A check with no result by then counts as down (it keeps running in the background and a later
 * scrape picks its result up instead of starting another). Why a service is down goes to the log
 * (changes at once, the same reason again at most every 10 minutes) and to {@link #lastStatus()}
 * for {@code /api/status}; never into a label.
 */
public final class ServiceStatusCollector implements Collector {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceStatusCollector.class);
  /** Kept back from the scrape budget to build and return the snapshots. */
  private static final long MARGIN_NANOS = Duration.ofMillis(20).toNanos();
  /** Extra wait beyond a check's own timeout, which the probe enforces itself. */
  private static final long SLACK_NANOS = Duration.ofSeconds(1).toNanos();
  private static final String SYSTEMD_KEY = "\0systemd";

  private final List<ServiceConfig> services;
  private final Map<String, ServiceProbe> probes = new LinkedHashMap<>();
  private final Map<String, String> units = new LinkedHashMap<>();
  private final ProbeSettings settings;
  private final Systemctl systemctl;
  private final InFlight inFlight = new InFlight();
  private final ReasonLog reasonLog;
  private final Clock clock;
  private final AtomicReference<List<ServiceStatus>> last = new AtomicReference<>(List.of());

  /**
   * @param services the {@code services:} list
   * @param settings from {@code ProbeSettings.forHost(config.exporter().paths())}
   * @throws IllegalArgumentException naming the service whose check cannot work, or a duplicate name
   */
  public ServiceStatusCollector(List<ServiceConfig> services, ProbeSettings settings) {
    this(services, settings, Clock.systemUTC(), new ReasonLog(Duration.ofMinutes(10), System::nanoTime));
  }

  ServiceStatusCollector(List<ServiceConfig> services, ProbeSettings settings, Clock clock, ReasonLog reasonLog) {
    this.services = List.copyOf(services);
    this.settings = settings;
    this.clock = clock;
    this.reasonLog = reasonLog;
    Set<String> names = new HashSet<>();
    for (ServiceConfig s : this.services) {
      if (!names.add(s.name())) throw new IllegalArgumentException("services: the name \"" + s.name() + "\" is used twice; names must be unique");
      if (s.check().systemd() != null) units.put(s.name(), s.check().systemd().unit());
      else probes.put(s.name(), ServiceProbes.create(s, settings));
    }
    this.systemctl = ServiceProbes.systemctl(settings);
  }

  @Override
  public String name() {
    return "services";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = context.deadlineNanos() - MARGIN_NANOS;
    List<String> unitNames = List.copyOf(new java.util.LinkedHashSet<>(units.values()));
    Duration systemctlTimeout = min(settings.systemctlTimeout(), context.remaining());
    CompletableFuture<Systemctl.Batch> batch = unitNames.isEmpty() ? null
        : inFlight.start(SYSTEMD_KEY, () -> systemctl.show(unitNames, systemctlTimeout));
    Map<String, CompletableFuture<ProbeResult>> pending = new LinkedHashMap<>();
    probes.forEach((name, probe) -> pending.put(name, inFlight.start(name, () -> checkSafely(probe))));

    Systemctl.Batch unitBatch = null;
    Duration batchTook = Duration.ZERO;
    if (batch != null) {
      unitBatch = InFlight.await(batch, Math.min(deadline, start + settings.systemctlTimeout().toNanos() + SLACK_NANOS));
      batchTook = Duration.ofNanos(System.nanoTime() - start);
    }
    ServiceMetrics metrics = new ServiceMetrics();
    List<ServiceStatus> statuses = new ArrayList<>();
    for (ServiceConfig s : services) {
      ProbeResult result;
      Optional<UnitStatus> unit = Optional.empty();
      if (units.containsKey(s.name())) {
        if (unitBatch == null) result = ProbeResult.down(batchTook, "systemctl show gave no answer within " + seconds(batchTook) + " (scrape budget)");
        else if (unitBatch.failed()) result = ProbeResult.down(batchTook, unitBatch.error());
        else {
          unit = Optional.of(unitBatch.units().get(units.get(s.name())));
          result = ServiceProbes.systemdResult(unit.get(), batchTook);
        }
      } else {
        long until = Math.min(deadline, start + ServiceProbes.timeoutOf(s, settings).toNanos() + SLACK_NANOS);
        result = InFlight.await(pending.get(s.name()), until);
        if (result == null) {
          Duration waited = Duration.ofNanos(System.nanoTime() - start);
          result = ProbeResult.down(waited, "no result within " + seconds(waited) + " (check still running; the scrape budget ran out)");
        }
      }
      metrics.service(s.name(), s.check().kind(), result);
      unit.ifPresent(metrics::unit);
      statuses.add(status(s, result, unit));
      log(s, result);
    }
    last.set(List.copyOf(statuses));
    return metrics.snapshots();
  }

  /** A probe's result; a bug that throws is reported as down, not as a failed scrape. */
  private static ProbeResult checkSafely(ServiceProbe probe) {
    long t0 = System.nanoTime();
    try {
      return probe.check();
    } catch (RuntimeException e) {
      LOG.error("{} check of service {} failed unexpectedly", probe.kind(), probe.service(), e);
      return ProbeResult.down(Duration.ofNanos(System.nanoTime() - t0), "check failed unexpectedly: " + e);
    }
  }

  /** The services as of the last collect, in config order (empty before the first), for {@code /api/status}. */
  public List<ServiceStatus> lastStatus() {
    return last.get();
  }

  /**
   * Checks now (sharing any check already running) and returns the statuses; for an
   * {@code /api/status} request that comes before the first scrape or wants fresh answers.
   */
  public List<ServiceStatus> statusNow(Duration budget) throws InterruptedException {
    collect(new ScrapeContext(System.nanoTime() + budget.toNanos()));
    return lastStatus();
  }

  private ServiceStatus status(ServiceConfig s, ProbeResult r, Optional<UnitStatus> unit) {
    Integer http = r.httpStatus() != null && r.httpStatus().isPresent() ? r.httpStatus().getAsInt() : null;
    ServiceStatus.UnitState state = unit.map(u -> new ServiceStatus.UnitState(u.id(), u.loadState(), u.activeState(), u.subState(),
        u.restarts().isPresent() ? u.restarts().getAsLong() : null)).orElse(null);
    return new ServiceStatus(s.name(), s.check().kind(), r.up(), r.reason(), r.duration().toNanos() / 1e9, clock.instant().toString(), http, state);
  }

  private void log(ServiceConfig s, ProbeResult r) {
    switch (reasonLog.record(s.name(), r.up(), r.reason())) {
      case DOWN -> LOG.warn("service {} ({} check) is down: {}", s.name(), s.check().kind(), r.reason());
      case STILL_DOWN -> LOG.warn("service {} ({} check) is still down: {}", s.name(), s.check().kind(), r.reason());
      case RECOVERED -> LOG.info("service {} ({} check) is up again", s.name(), s.check().kind());
      case SILENT -> { }
    }
  }

  private static Duration min(Duration a, Duration b) {
    Duration m = a.compareTo(b) <= 0 ? a : b;
    return m.isZero() ? Duration.ofMillis(1) : m;
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.2fs", d.toNanos() / 1e9);
  }
}

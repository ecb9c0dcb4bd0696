package io.hostkeeper.exporter.collector;

import io.hostkeeper.common.config.ServiceChecksConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.probe.ProbeResult;
import io.hostkeeper.common.probe.ProbeSettings;
import io.hostkeeper.exporter.collector.service.CheckOutcome;
import io.hostkeeper.exporter.collector.service.Freshness;
import io.hostkeeper.exporter.collector.service.ReasonLog;
import io.hostkeeper.exporter.collector.service.ServiceChecker;
import io.hostkeeper.exporter.collector.service.ServiceStatus;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Service status: serves the latest result of every configured service's check, which a
 * {@link ServiceChecker} runs on its own schedule and threads. A scrape never waits for a check
 * (a service that never answers, or a check of the exporter's own {@code /health}, cannot hold it);
 * each result comes with the time it was taken, and one too old is reported down as stale. Why a
 * service is down goes to the log and to {@link #lastStatus()} for {@code /api/status}; never into
 * a label.
 */
public final class ServiceStatusCollector implements Collector, AutoCloseable {
  private final ServiceChecker checker;
  private final LongSupplier nanoTime;

  /**
   * @param services the {@code services:} list
   * @param settings from {@code ProbeSettings.forHost(config.exporter().paths())}
   * @throws IllegalArgumentException naming the service whose check cannot work, or a duplicate name
   */
  public ServiceStatusCollector(List<ServiceConfig> services, ProbeSettings settings, ServiceChecksConfig checks) {
    this(new ServiceChecker(services, settings, checks, Clock.systemUTC(), System::nanoTime,
        new ReasonLog(Duration.ofMinutes(10), System::nanoTime)), System::nanoTime);
  }

  /** With the default schedule (every 15 s, 4 at a time). */
  public ServiceStatusCollector(List<ServiceConfig> services, ProbeSettings settings) {
    this(services, settings, ServiceChecksConfig.defaults());
  }

  ServiceStatusCollector(ServiceChecker checker, LongSupplier nanoTime) {
    this.checker = checker;
    this.nanoTime = nanoTime;
  }

  @Override
  public String name() {
    return "services";
  }

  @Override
  public List<MetricSnapshot> collect(ScrapeContext context) {
    checker.start();
    long now = nanoTime.getAsLong();
    Map<String, CheckOutcome> latest = checker.latest();
    ServiceMetrics metrics = new ServiceMetrics();
    for (ServiceConfig s : checker.services()) {
      CheckOutcome o = latest.get(s.name());
      switch (Freshness.state(o, checker.startedNanos(), now, checker.staleAfter(s.name()))) {
        case PENDING -> { }
        case FRESH -> {
          metrics.service(s.name(), s.check().kind(), o.result());
          if (o.unit() != null) metrics.unit(o.unit());
          metrics.checkedAt(s.name(), o.finishedAt());
        }
        case STALE -> {
          metrics.stale(s.name(), s.check().kind());
          if (o != null) metrics.checkedAt(s.name(), o.finishedAt());
        }
      }
    }
    return metrics.snapshots();
  }

  /**
   * The services as of their latest checks, in config order, for {@code /api/status} and the status
   * page; empty while the checks have not started (the collector is disabled, or nothing scraped yet).
   */
  public List<ServiceStatus> lastStatus() {
    if (!checker.started()) return List.of();
    long now = nanoTime.getAsLong();
    Map<String, CheckOutcome> latest = checker.latest();
    List<ServiceStatus> out = new ArrayList<>();
    for (ServiceConfig s : checker.services()) {
      CheckOutcome o = latest.get(s.name());
      Duration bound = checker.staleAfter(s.name());
      out.add(status(s, o, Freshness.state(o, checker.startedNanos(), now, bound), now,
          Freshness.staleReason(bound, checker.interval())));
    }
    return List.copyOf(out);
  }

  /** Checks every service now (sharing checks still running); complete when all have a new result. For tests and tools. */
  public CompletableFuture<Void> checkNow() {
    return checker.checkAll();
  }

  static ServiceStatus status(ServiceConfig s, CheckOutcome o, Freshness.State state, long nowNanos, String staleReason) {
    String kind = s.check().kind();
    if (o == null) {
      return new ServiceStatus(s.name(), kind, false, state == Freshness.State.STALE ? staleReason : ServiceStatus.NOT_CHECKED_YET,
          null, null, null, state == Freshness.State.STALE, null, null);
    }
    String at = o.finishedAt().toString();
    double age = Math.max(0, nowNanos - o.finishedNanos()) / 1e9;
    if (state == Freshness.State.STALE) {
      return new ServiceStatus(s.name(), kind, false, staleReason, null, at, age, true, null, null);
    }
    ProbeResult r = o.result();
    Integer http = r.httpStatus() != null && r.httpStatus().isPresent() ? r.httpStatus().getAsInt() : null;
    return new ServiceStatus(s.name(), kind, r.up(), r.reason(), r.duration().toNanos() / 1e9, at, age, false, http, o.unit());
  }

  @Override
  public void close() {
    checker.close();
  }
}

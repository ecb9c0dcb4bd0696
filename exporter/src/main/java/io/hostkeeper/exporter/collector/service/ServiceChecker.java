package io.hostkeeper.exporter.collector.service;

import io.hostkeeper.common.concurrent.OneRunPerKey;
import io.hostkeeper.common.config.ServiceChecksConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.probe.ProbeResult;
import io.hostkeeper.common.probe.ProbeSettings;
import io.hostkeeper.common.probe.ServiceProbe;
import io.hostkeeper.common.probe.ServiceProbes;
import io.hostkeeper.common.probe.Systemctl;
import io.hostkeeper.common.probe.UnitStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of {@code services:} on their own schedule, apart from scrapes: every
 * {@code interval} each service's check is started on a pool of {@code concurrency} threads (a check
 * still running or queued is not started again), and all systemd units are read with one
 * {@code systemctl show}. Readers take the latest outcome of each service, never waiting for a check.
 * Nothing runs until {@link #start()}; the constructor only validates and builds the probes.
 */
public final class ServiceChecker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceChecker.class);
  private static final String SYSTEMD_KEY = "\0systemd";

  private final List<ServiceConfig> services;
  private final Map<String, ServiceProbe> probes = new LinkedHashMap<>();
  private final Map<String, String> units = new LinkedHashMap<>();
  private final Map<String, Duration> staleAfter = new LinkedHashMap<>();
  private final ProbeSettings settings;
  private final Systemctl systemctl;
  private final Duration interval;
  private final int concurrency;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final ReasonLog reasonLog;
  private final Map<String, CheckOutcome> latest = new ConcurrentHashMap<>();
  private OneRunPerKey<String> inFlight;
  private ScheduledExecutorService timer;
  private volatile long startedNanos;
  private boolean closed;

  /**
   * @throws IllegalArgumentException naming the service whose check cannot work, or a duplicate name
   */
  public ServiceChecker(List<ServiceConfig> services, ProbeSettings settings, ServiceChecksConfig config, Clock clock,
      LongSupplier nanoTime, ReasonLog reasonLog) {
    this.services = List.copyOf(services);
    this.settings = settings;
    this.interval = config.interval();
    this.concurrency = config.concurrency();
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.reasonLog = reasonLog;
    Set<String> names = new HashSet<>();
    for (ServiceConfig s : this.services) {
      if (!names.add(s.name())) throw new IllegalArgumentException("services: the name \"" + s.name() + "\" is used twice; names must be unique");
      if (s.check().systemd() != null) units.put(s.name(), s.check().systemd().unit());
      else probes.put(s.name(), ServiceProbes.create(s, settings));
      staleAfter.put(s.name(), Freshness.staleAfter(interval, ServiceProbes.timeoutOf(s, settings)));
    }
    this.systemctl = ServiceProbes.systemctl(settings);
  }

  public List<ServiceConfig> services() {
    return services;
  }

  public Duration interval() {
    return interval;
  }

  /** How old a result of {@code service} may be before it is stale. */
  public Duration staleAfter(String service) {
    return staleAfter.get(service);
  }

  /** Starts the schedule: the first round at once, then one every interval; later calls do nothing. */
  public synchronized void start() {
    if (timer == null && !closed && !services.isEmpty()) startRounds();
  }

  /** Whether {@link #start()} has run. */
  public synchronized boolean started() {
    return timer != null;
  }

  /** When {@link #start()} ran ({@link System#nanoTime()}). */
  public long startedNanos() {
    return startedNanos;
  }

  /** The latest outcome of each service that has one. */
  public Map<String, CheckOutcome> latest() {
    return Map.copyOf(latest);
  }

  /**
   * Starts a round now, sharing checks still running (the first round, if this starts the
   * schedule), and returns when it will be complete; for tests and tools, never for a scrape.
   */
  public CompletableFuture<Void> checkAll() {
    synchronized (this) {
      if (closed || services.isEmpty()) return CompletableFuture.completedFuture(null);
      if (timer == null) return startRounds();
    }
    return round();
  }

  private CompletableFuture<Void> startRounds() {
    startedNanos = nanoTime.getAsLong();
    inFlight = new OneRunPerKey<>("hostkeeper-check", concurrency);
    CompletableFuture<Void> first = round();
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hostkeeper-check-timer");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::tick, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    return first;
  }

  private synchronized CompletableFuture<Void> round() {
    List<CompletableFuture<?>> round = new ArrayList<>();
    probes.forEach((name, probe) -> round.add(inFlight.start(name, () -> {
      record(name, checkSafely(probe), null);
      return null;
    })));
    if (!units.isEmpty()) round.add(inFlight.start(SYSTEMD_KEY, () -> {
      readUnits();
      return null;
    }));
    return CompletableFuture.allOf(round.toArray(CompletableFuture[]::new));
  }

  private void tick() {
    try {
      round();
      long now = nanoTime.getAsLong();
      for (ServiceConfig s : services) {
        Duration bound = staleAfter.get(s.name());
        if (Freshness.state(latest.get(s.name()), startedNanos, now, bound) == Freshness.State.STALE) {
          log(s, false, Freshness.staleReason(bound, interval));
        }
      }
    } catch (RuntimeException e) {
      LOG.error("service check round failed to start", e);
    }
  }

  private void readUnits() {
    long t0 = nanoTime.getAsLong();
    List<String> unitNames = List.copyOf(new LinkedHashSet<>(units.values()));
    Systemctl.Batch batch;
    try {
      batch = systemctl.show(unitNames, settings.systemctlTimeout());
    } catch (RuntimeException e) {
      LOG.error("systemctl show failed unexpectedly", e);
      batch = new Systemctl.Batch(Map.of(), "systemctl show failed unexpectedly: " + e);
    }
    Duration took = Duration.ofNanos(nanoTime.getAsLong() - t0);
    for (Map.Entry<String, String> e : units.entrySet()) {
      UnitStatus unit = batch.failed() ? null : batch.units().get(e.getValue());
      ProbeResult r = batch.failed() ? ProbeResult.down(took, batch.error())
          : unit == null ? ProbeResult.down(took, "systemctl show said nothing about " + e.getValue())
          : ServiceProbes.systemdResult(unit, took);
      record(e.getKey(), r, unit);
    }
  }

  /** A probe's result; a bug that throws is reported as down, not lost. */
  private ProbeResult checkSafely(ServiceProbe probe) {
    long t0 = nanoTime.getAsLong();
    try {
      return probe.check();
    } catch (RuntimeException e) {
      LOG.error("{} check of service {} failed unexpectedly", probe.kind(), probe.service(), e);
      return ProbeResult.down(Duration.ofNanos(nanoTime.getAsLong() - t0), "check failed unexpectedly: " + e);
    }
  }

  private void record(String service, ProbeResult r, UnitStatus unit) {
    latest.put(service, new CheckOutcome(r, unit, clock.instant(), nanoTime.getAsLong()));
    for (ServiceConfig s : services) if (s.name().equals(service)) log(s, r.up(), r.reason());
  }

  private void log(ServiceConfig s, boolean up, String reason) {
    switch (reasonLog.record(s.name(), up, reason)) {
      case DOWN -> LOG.warn("service {} ({} check) is down: {}", s.name(), s.check().kind(), reason);
      case STILL_DOWN -> LOG.warn("service {} ({} check) is still down: {}", s.name(), s.check().kind(), reason);
      case RECOVERED -> LOG.info("service {} ({} check) is up again", s.name(), s.check().kind());
      case SILENT -> { }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) timer.shutdownNow();
    if (inFlight != null) inFlight.close();
  }
}

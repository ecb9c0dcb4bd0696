package io.hostkeeper.worker.watchdog;

import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.ServiceConfig;
import io.hostkeeper.common.probe.CommandRunner;
import io.hostkeeper.common.probe.ProbeSettings;
import io.hostkeeper.common.probe.ServiceProbe;
import io.hostkeeper.common.probe.ServiceProbes;
import io.hostkeeper.worker.WorkerContext;
import io.hostkeeper.worker.job.HostkeeperJob;
import io.hostkeeper.worker.job.JobProvider;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The watchdog area: one {@link WatchdogJob} per service with a {@code restart:} block, and the
 * admin routes over the same watchdogs (same state, same locks). Build once, then:
 * {@code jobs(context)} for the scheduler and {@code routes(context)} for the admin app; both
 * return views of one set of watchdogs per context. No I/O here: tables are created on first use.
 *
 * <p>Services whose restart argv is identical share one {@link RestartTarget}: one lock, so the
 * target is never restarted twice at once, and a successful restart gives every sharer its grace.
 */
public final class WatchdogJobs implements JobProvider {

  /** Builds the probe of one service (the exporter's probes, shared). */
  @FunctionalInterface
  public interface ProbeFactory {
    ServiceProbe create(ServiceConfig service, HostkeeperConfig config);
  }

  /** After SIGTERM, how long a timed-out restart command has before SIGKILL. */
  public static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private final ProbeFactory probes;
  private final DoubleSupplier random;
  private final Duration killGrace;
  private WorkerContext builtFor;
  private Map<String, ServiceWatchdog> watchdogs;
  private WatchdogStore store;

  /** The production area: the shared service probes, configured from {@code exporter.paths}. */
  public WatchdogJobs() {
    this(WatchdogJobs::hostProbe);
  }

  public WatchdogJobs(ProbeFactory probes) {
    this(probes, () -> ThreadLocalRandom.current().nextDouble(), KILL_GRACE);
  }

  /** @param random uniform in [0, 1) for the backoff jitter; tests pass a fixed value */
  public WatchdogJobs(ProbeFactory probes, DoubleSupplier random, Duration killGrace) {
    this.probes = Objects.requireNonNull(probes, "probes");
    this.random = Objects.requireNonNull(random, "random");
    this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
  }

  @Override
  public synchronized List<HostkeeperJob> jobs(WorkerContext context) {
    return watchdogs(context).values().stream().<HostkeeperJob>map(WatchdogJob::new).toList();
  }

  /** The {@code /api/services} routes over the same watchdogs as {@link #jobs}. */
  public synchronized WatchdogRoutes routes(WorkerContext context) {
    return new WatchdogRoutes(context.config().services(), watchdogs(context), store);
  }

  /** The watchdogs by service name, built once per context (metrics registered once). */
  public synchronized Map<String, ServiceWatchdog> watchdogs(WorkerContext context) {
    if (context.equals(builtFor)) return watchdogs;
    if (builtFor != null) throw new IllegalStateException("the watchdog area was already built for another worker context");
    HostkeeperConfig config = context.config();
    store = new WatchdogStore(context.stateDb());
    WatchdogMetrics metrics = new WatchdogMetrics(context.registry());
    CommandRunner runner = RestartRun.runner(context.dataDir().resolve("watchdog"), killGrace);
    Map<List<String>, RestartTarget> targets = new HashMap<>();
    Map<String, ServiceWatchdog> built = new LinkedHashMap<>();
    for (ServiceConfig service : config.services()) {
      if (service.restart() == null) continue;
      List<String> argv = restartCommand(service, systemctl(config));
      RestartTarget target = targets.computeIfAbsent(argv, RestartTarget::new);
      built.put(service.name(), new ServiceWatchdog(service.name(), probes.create(service, config),
          service.restart(), random, target, store, runner, metrics, context.clock()));
    }
    builtFor = context;
    watchdogs = Collections.unmodifiableMap(built);
    return watchdogs;
  }

  /**
   * The restart argv of a service: {@code restart.command} when given, else for a systemd check
   * {@code [systemctl, "restart", unit]} with the systemctl of {@code exporter.paths.systemctl}.
   */
  public static List<String> restartCommand(ServiceConfig service, String systemctl) {
    List<String> command = service.restart().command();
    if (!command.isEmpty()) return command;
    if (service.check().systemd() != null) {
      return List.of(systemctl, "restart", service.check().systemd().unit());
    }
    throw new IllegalArgumentException("services." + service.name() + ".restart.command is required for a "
        + service.check().kind() + " check");
  }

  static ServiceProbe hostProbe(ServiceConfig service, HostkeeperConfig config) {
    ProbeSettings settings = config.exporter() == null || config.exporter().paths() == null
        ? ProbeSettings.defaults() : ProbeSettings.forHost(config.exporter().paths());
    return ServiceProbes.create(service, settings);
  }

  private static String systemctl(HostkeeperConfig config) {
    if (config.exporter() == null || config.exporter().paths() == null) return "systemctl";
    return config.exporter().paths().systemctl();
  }
}

package io.hostkeeper.exporter;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.config.ConfigError;
import io.hostkeeper.common.config.CheckedConfig;
import io.hostkeeper.common.config.ExporterConfig;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.config.LoadedConfig;
import io.hostkeeper.exporter.cli.ExporterOptions;
import io.hostkeeper.common.web.WebConfigCheck;
import io.hostkeeper.common.web.WebConfigReader;
import io.hostkeeper.common.config.WorkerConfig;
import io.hostkeeper.common.web.WebSecurity;
import io.hostkeeper.exporter.collector.WebAuthCollector;
import io.hostkeeper.common.cli.CommonOptions;
import io.hostkeeper.common.cli.Foreground;
import io.hostkeeper.common.cli.StartupChecks;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.exporter.collector.CpuCollector;
import io.hostkeeper.exporter.collector.HostRoots;
import io.hostkeeper.exporter.collector.ProcFiles;
import io.hostkeeper.exporter.scrape.CollectorRegistry;
import io.hostkeeper.exporter.scrape.ScrapeEngine;
import io.hostkeeper.exporter.status.CpuUsage;
import io.hostkeeper.exporter.status.HostStatusContributor;
import io.hostkeeper.exporter.status.ServicesStatusContributor;
import io.hostkeeper.exporter.collector.ServiceStatusCollector;
import io.hostkeeper.common.probe.ProbeSettings;
import io.hostkeeper.common.probe.ServiceProbeChecks;
import io.hostkeeper.exporter.status.StatusContributor;
import io.hostkeeper.exporter.status.StatusService;
import io.hostkeeper.exporter.status.history.History;
import io.hostkeeper.exporter.status.history.HistorySampler;
import io.hostkeeper.exporter.status.page.StatusRoutes;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.reload.Hangup;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;

/** Loads the configuration, wires the exporter and serves until the JVM is asked to stop. */
public final class ExporterStartup {
  private static final Logger log = LoggerFactory.getLogger(ExporterStartup.class);

  private ExporterStartup() {}

  /** The wired parts of a configured exporter (not started). */
  public record Wiring(ExporterConfig config, CollectorRegistry registry, ScrapeEngine engine, StatusService status,
      HistorySampler history, Javalin app, WebSecurity web) {}

  static int run(CommonOptions common, ExporterOptions options) throws InterruptedException {
    common.configureLogging();
    // Every problem of the file at once, as check-config lists them.
    LoadedConfig loaded = CheckedConfig.load(common.configFile(), l -> check(l, options)).orThrow();
    Started exporter = start(common.configFile(), options, loaded, List.of());
    if (Hangup.onHangup("exporter", exporter::reload)) log.info("SIGHUP (systemctl reload) reloads the configuration");
    Foreground.untilStopped(() -> {
      log.info("stopping");
      exporter.close();
    });
    return 0;
  }

  /**
   * A started exporter: its port answers and its history samples until {@link #close()}.
   * {@link #reload()} re-reads the configuration file as SIGHUP does.
   */
  public static final class Started implements AutoCloseable {
    private final Wiring wiring;
    private final ExporterReload reload;

    private Started(Wiring wiring, ExporterReload reload) {
      this.wiring = wiring;
      this.reload = reload;
    }

    public int port() {
      return wiring.app().port();
    }

    /** True when the re-read configuration is in effect, false when the running one was kept. */
    public boolean reload() {
      return reload.reload();
    }

    @Override
    public void close() {
      wiring.app().stop();
      wiring.history().close();
      wiring.engine().close();
    }
  }

  /**
   * Wires and starts the exporter on a configuration that passed {@link #check}; the jar's
   * {@code run} and the single process both start it this way.
   *
   * @param moreCollectors collectors to add to the built-in ones and the extensions (enabled by
   *     default; {@code exporter.collectors} may disable them by name)
   * @throws StartupFailure when the port cannot be bound
   */
  public static Started start(Optional<Path> configFile, ExporterOptions options, LoadedConfig loaded,
      List<CollectorRegistry.Factory> moreCollectors) {
    ExporterConfig cfg = overrides(options, loaded);
    Extensions ext = extensions(loaded.config(), cfg);
    String webKey = webConfigKey(options);
    webWarnings(loaded, options).forEach(warning -> log.warn("{}", warning));
    WebSecurity web = WebConfigCheck.open("exporter", webKey, cfg.webConfigFile());
    CollectorRegistry registry = registry(cfg, ext, web);
    for (CollectorRegistry.Factory f : moreCollectors) registry = registry.with(f);
    WorkerConfig worker = loaded.config().worker();
    Wiring w = wire(cfg, registry, worker == null ? null : worker.metricsListen(), worker != null && workerTls(worker), web);
    ext.statusContributors().forEach(w.status()::register);
    try {
      startQuietly(w.app(), cfg);
    } catch (RuntimeException e) {
      w.engine().close();
      w.history().close();
      throw StartupChecks.listenFailure("exporter", cfg.listen(), options.listenGiven() ? "--web.listen-address" : "exporter.listen", e);
    }
    String host = cfg.listen().host().equals("0.0.0.0") ? "localhost" : cfg.listen().host();
    String base = (web != null && web.tls() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + w.app().port();
    log.info("hostkeeper exporter {} listening on {} (config: {}); collectors: {}", BuildInfo.load().version(),
        cfg.listen(), loaded.source(), String.join(", ", w.engine().collectorNames()));
    log.info("status page at {}/, metrics at {}/metrics, status at {}/api/status", base, base, base);
    if (web != null) {
      log.info("web-config {}: TLS {}, basic auth {}", web.file(), web.tls() ? "on" : "off", web.basicAuth() ? "on" : "off");
    }
    w.history().start();
    return new Started(w, new ExporterReload(configFile, options, loaded, cfg, w));
  }

  /** The exporter's checks for {@code check-config} (command-line overrides applied). */
  public static List<ConfigError> check(LoadedConfig loaded, ExporterOptions options) {
    ExporterConfig cfg;
    try {
      cfg = options.apply(loaded.config().exporter());
    } catch (IllegalArgumentException e) {
      return List.of(new ConfigError("--web.listen-address", -1, e.getMessage()));
    }
    List<ConfigError> errors = new ArrayList<>(checkAll(loaded, cfg));
    errors.addAll(WebConfigCheck.errors(loaded, webConfigKey(options), cfg.webConfigFile()));
    return errors;
  }

  /** The warnings of {@code check-config}: those of the web-config file. */
  static List<ConfigError> webWarnings(LoadedConfig loaded, ExporterOptions options) {
    ExporterConfig cfg;
    try {
      cfg = options.apply(loaded.config().exporter());
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    return WebConfigCheck.warnings(loaded, webConfigKey(options), cfg.webConfigFile());
  }

  /** Whether the worker's metrics port speaks TLS, as far as the shared file tells (an unreadable file: no). */
  static boolean workerTls(WorkerConfig worker) {
    if (worker.webConfigFile() == null) return false;
    WebConfigReader.Result r = WebConfigReader.read(worker.webConfigFile());
    return r.valid() && r.settings().tls() != null;
  }

  private static String webConfigKey(ExporterOptions options) {
    return options.webConfigGiven() ? "--web.config.file" : "exporter.web_config_file";
  }

  /** Service probe checks, then the collectors (built without the services when their probes fail: they could not be built). */
  private static List<ConfigError> checkAll(LoadedConfig loaded, ExporterConfig cfg) {
    List<ConfigError> errors = new ArrayList<>(ServiceProbeChecks.check(loaded));
    HostkeeperConfig all = loaded.config();
    if (!errors.isEmpty()) {
      // The collectors are still checked, with the services left out.
      all = new HostkeeperConfig(all.exporter(), List.of(), all.worker(), all.backups(), all.logs(), all.databases(),
          all.commands(), all.cleanup());
    }
    errors.addAll(ExporterConfigCheck.check(loaded, cfg, registry(cfg, extensions(all, cfg))));
    return errors;
  }

  /** Starts the app; Javalin logs its own ERROR with a stack trace when the port is taken, which we report as one line. */
  private static void startQuietly(Javalin app, ExporterConfig cfg) {
    if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
      app.start(); // on the hardened connector made for cfg.listen()
      return;
    }
    ch.qos.logback.classic.Logger javalin = ctx.getLogger("io.javalin.Javalin");
    ch.qos.logback.classic.Level before = javalin.getLevel();
    javalin.setLevel(ch.qos.logback.classic.Level.OFF);
    try {
      app.start(); // on the hardened connector made for cfg.listen()
    } finally {
      javalin.setLevel(before);
    }
  }

  private static ExporterConfig overrides(ExporterOptions options, LoadedConfig loaded) {
    try {
      return options.apply(loaded.config().exporter());
    } catch (IllegalArgumentException e) {
      throw new StartupFailure("--web.listen-address: " + e.getMessage());
    }
  }

  /**
   * What other areas add to the exporter: collectors (with their names, valid in
   * {@code exporter.collectors}) and /api/status contributors. One collector instance may serve
   * both (the services collector feeds its last results to the status).
   */
  public record Extensions(List<CollectorRegistry.Factory> collectors, List<StatusContributor> statusContributors) {
    public Extensions {
      collectors = List.copyOf(collectors);
      statusContributors = List.copyOf(statusContributors);
    }
  }

  /** The extensions for this configuration; constructors only, no I/O (check-config builds them too). */
  static Extensions extensions(HostkeeperConfig all, ExporterConfig cfg) {
    ServiceStatusCollector services = new ServiceStatusCollector(all.services(), ProbeSettings.forHost(cfg.paths()), cfg.serviceChecks());
    return new Extensions(
        List.of(new CollectorRegistry.Factory("services", true, () -> services)),
        List.of(new ServicesStatusContributor(services)));
  }

  /** Every collector the exporter knows: the built-in ones, then the extensions'. */
  static CollectorRegistry registry(ExporterConfig cfg, Extensions ext) {
    CollectorRegistry r = CollectorRegistry.builtIn(cfg, HostRoots.of(cfg.paths()), BuildInfo.load(), Clock.systemUTC());
    for (CollectorRegistry.Factory f : ext.collectors()) r = r.with(f);
    return r;
  }

  /** {@link #registry(ExporterConfig, Extensions)} with the port's basic-auth refusals when it has users. */
  static CollectorRegistry registry(ExporterConfig cfg, Extensions ext, WebSecurity web) {
    CollectorRegistry r = registry(cfg, ext);
    return web != null && web.basicAuth() ? r.with(WebAuthCollector.factory(web.metrics())) : r;
  }

  /** Builds engine, status and app for {@code cfg} from {@code registry} (which the caller may have extended). */
  public static Wiring wire(ExporterConfig cfg, CollectorRegistry registry) {
    return wire(cfg, registry, null);
  }

  /** As {@link #wire(ExporterConfig, CollectorRegistry)}, the status page linking to the worker at {@code workerMetrics}. */
  public static Wiring wire(ExporterConfig cfg, CollectorRegistry registry, HostPort workerMetrics) {
    return wire(cfg, registry, workerMetrics, null);
  }

  /** As {@link #wire(ExporterConfig, CollectorRegistry, HostPort)}, the port with TLS/basic auth from {@code web} (null: none). */
  public static Wiring wire(ExporterConfig cfg, CollectorRegistry registry, HostPort workerMetrics, WebSecurity web) {
    return wire(cfg, registry, workerMetrics, false, web);
  }

  /** As above; {@code workerTls}: the worker's port has a web-config file with TLS, so its page is linked with https. */
  public static Wiring wire(ExporterConfig cfg, CollectorRegistry registry, HostPort workerMetrics, boolean workerTls,
      WebSecurity web) {
    ScrapeEngine engine = new ScrapeEngine(registry.build(cfg.collectors()), cfg.maxStaleness());
    HostRoots roots = HostRoots.of(cfg.paths());
    CpuUsage cpu = CpuUsage.system(cpuSampler(roots));
    StatusService status = new StatusService(Clock.systemUTC(), List.of(
        new HostStatusContributor(() -> engine.collect(cfg.scrapeTimeout()), cfg.thresholds(), cpu)));
    HistorySampler history = new HistorySampler(History.forDay(cfg.statusPage().historyInterval()),
        () -> engine.collect(cfg.scrapeTimeout()), Clock.systemUTC());
    StatusRoutes page = new StatusRoutes(status, engine, history.history(), BuildInfo.load(), cfg.scrapeTimeout(),
        Clock.systemUTC(), workerMetrics, workerTls);
    Javalin app = new ExporterApp(engine, status, BuildInfo.load(), cfg.scrapeTimeout(), page)
        .create(cfg.listen(), io.hostkeeper.common.web.ServerLimits.standard(), web);
    return new Wiring(cfg, registry, engine, status, history, app, web);
  }

  /** Cumulative busy/total CPU seconds: /proc/stat on Linux, OSHI ticks elsewhere. */
  static CpuUsage.Sampler cpuSampler(HostRoots roots) {
    if (roots.hasLinuxProcfs()) {
      return () -> {
        try {
          return CpuCollector.parseTotal(ProcFiles.read(roots.proc("stat"))).orElse(null);
        } catch (IOException e) {
          return null;
        }
      };
    }
    CentralProcessor[] cpu = new CentralProcessor[1];
    return () -> {
      if (cpu[0] == null) cpu[0] = new SystemInfo().getHardware().getProcessor();
      long[] t = cpu[0].getSystemCpuLoadTicks();
      double total = 0;
      for (long v : t) total += v;
      double idle = t[TickType.IDLE.getIndex()] + t[TickType.IOWAIT.getIndex()];
      return new double[] {(total - idle) / 1000.0, total / 1000.0};
    };
  }

}

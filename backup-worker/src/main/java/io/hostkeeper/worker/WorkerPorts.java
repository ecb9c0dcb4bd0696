package io.hostkeeper.worker;

import static io.hostkeeper.common.cli.StartupChecks.rootMessage;

import io.hostkeeper.common.BuildInfo;
import io.hostkeeper.common.cli.StartupChecks;
import io.hostkeeper.common.cli.StartupFailure;
import io.hostkeeper.common.config.AdminConfig;
import io.hostkeeper.common.config.HostPort;
import io.hostkeeper.common.config.HostkeeperConfig;
import io.hostkeeper.common.web.ServerLimits;
import io.hostkeeper.common.web.WebConfigCheck;
import io.hostkeeper.common.web.WebSecurity;
import io.hostkeeper.worker.admin.AdminApp;
import io.hostkeeper.worker.admin.AdminRoutes;
import io.hostkeeper.worker.admin.AdminToken;
import io.hostkeeper.worker.admin.JobRoutes;
import io.hostkeeper.worker.history.RunHistory;
import io.hostkeeper.worker.history.StateDatabase;
import io.hostkeeper.worker.job.JobRunner;
import io.hostkeeper.worker.job.JobScheduler;
import io.hostkeeper.worker.metrics.WorkerMetricsServer;
import io.hostkeeper.worker.status.WorkerStatusRoutes;
import io.hostkeeper.worker.status.WorkerStatusSource;
import io.javalin.Javalin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's two ports. {@link #check} runs every refusal that concerns them (admin token,
 * metrics web-config, a port in use) before the state database is opened and anything is bound;
 * then the metrics port is started first, as soon as its registry is complete, and the admin API
 * after it, so the first scrape does not wait for the admin API's JSON and routes.
 */
final class WorkerPorts {
  private static final Logger log = LoggerFactory.getLogger(WorkerPorts.class);

  private final HostkeeperConfig config;
  private final AdminToken token;
  private final WebSecurity web;

  private WorkerPorts(HostkeeperConfig config, AdminToken token, WebSecurity web) {
    this.config = config;
    this.token = token;
    this.web = web;
  }

  /**
   * The admin token (generated into {@code dataDir} when none is configured), the metrics port's
   * web-config, and a probe of both addresses: one clear line for each refusal, nothing left bound.
   */
  static WorkerPorts check(HostkeeperConfig config, Path dataDir) throws WorkerStartException {
    AdminConfig admin = config.worker().admin();
    AdminToken token;
    try {
      token = AdminToken.forServer(admin, dataDir);
    } catch (AdminToken.TokenException e) {
      throw new WorkerStartException(e.getMessage());
    }
    probe("worker admin API", admin.listen(), "worker.admin.listen");
    WebSecurity web;
    try {
      web = WebConfigCheck.open("worker metrics", "worker.web_config_file", config.worker().webConfigFile());
    } catch (StartupFailure e) {
      throw new WorkerStartException(e.getMessage());
    }
    probe("worker metrics", config.worker().metricsListen(), "worker.metrics_listen");
    return new WorkerPorts(config, token, web);
  }

  /** The metrics port with {@code registry}, the status page at {@code /}, and the web-config's TLS and auth. */
  WorkerMetricsServer startMetrics(PrometheusRegistry registry, Supplier<HostkeeperConfig> currentConfig,
      JobScheduler scheduler, RunHistory history, StateDatabase stateDb, Clock clock) throws WorkerStartException {
    HostPort listen = config.worker().metricsListen();
    if (web != null && web.basicAuth()) registry.register(web.metrics());
    WorkerMetricsServer server;
    try {
      server = WorkerMetricsServer.start(listen, registry, new WorkerStatusRoutes(
          new WorkerStatusSource(currentConfig, scheduler, history, stateDb.jdbi(), BuildInfo.load(), clock)), web);
    } catch (IOException e) {
      throw listenFailure("worker metrics", listen, "worker.metrics_listen", e);
    }
    String scheme = web != null && web.tls() ? "https" : "http";
    log.info("metrics on {}://{}:{}/metrics, status page on {}://{}:{}/", scheme, listen.host(), server.port(),
        scheme, listen.host(), server.port());
    if (web != null) {
      log.info("metrics port web-config {}: TLS {}, basic auth {}", web.file(), web.tls() ? "on" : "off",
          web.basicAuth() ? "on" : "off");
    }
    return server;
  }

  /** The admin API: the job routes and the areas' routes, behind the bearer token. */
  Javalin startAdmin(WorkerContext context, WorkerModules modules, JobScheduler scheduler, JobRunner runner,
      RunHistory history) throws WorkerStartException {
    List<AdminRoutes> routes = new ArrayList<>();
    routes.add(new JobRoutes(scheduler, runner, history));
    try {
      routes.addAll(modules.routesFor(context));
    } catch (RuntimeException e) {
      throw new WorkerStartException("cannot build the admin routes: " + rootMessage(e));
    }
    HostPort listen = config.worker().admin().listen();
    Javalin admin = AdminApp.create(listen, ServerLimits.standard(), token.value(), routes,
        () -> Map.of("scheduler", scheduler.isPaused() ? "paused" : "running"));
    try {
      StartupChecks.probeBind(listen);
      admin.start();
    } catch (RuntimeException | IOException e) {
      admin.stop();
      throw listenFailure("worker admin API", listen, "worker.admin.listen", e);
    }
    log.info("admin API on http://{}:{}/api (bearer token from {})", listen.host(), admin.port(), token.source());
    return admin;
  }

  private static void probe(String what, HostPort listen, String key) throws WorkerStartException {
    try {
      StartupChecks.probeBind(listen);
    } catch (IOException e) {
      throw listenFailure(what, listen, key, e);
    }
  }

  private static WorkerStartException listenFailure(String what, HostPort listen, String key, Exception e) {
    return new WorkerStartException(StartupChecks.listenFailure(what, listen, key, e).getMessage());
  }
}
